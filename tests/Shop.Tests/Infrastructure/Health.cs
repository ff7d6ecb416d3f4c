using System.Net;

namespace Shop.Tests.Infrastructure;

public static class Health
{
    /// <summary>
    /// Polls /health until it answers <paramref name="expected"/>: dependencies are real, so a state
    /// change shows after the next probe, not instantly. Fails with the last body seen.
    /// </summary>
    public static async Task<string> WaitForAsync(HttpClient client, HttpStatusCode expected, int seconds = 45)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = "";
        HttpStatusCode? lastStatus = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health", TestContext.Current.CancellationToken);
                last = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                lastStatus = response.StatusCode;
                if (response.StatusCode == expected)
                {
                    return last;
                }
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"/health never answered {(int)expected}; last {(int?)lastStatus}: {last}");
        return last;
    }
}

/// <summary>The health checks' names, as the client integrations register them.</summary>
public static class Checks
{
    public const string Postgres = "PostgreSql";
    public const string Redis = "StackExchange.Redis";
    public const string Blobs = "Azure_BlobServiceClient";
    public const string Schema = "schema";
    public const string Api = "api";

    public static string Status(string check, string status) => $"\"{check}\":{{\"status\":\"{status}\"";
}
