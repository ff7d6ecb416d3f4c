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
