extern alias ApiHost;
extern alias WebHost;

using System.Net;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

/// <summary>What a host does when nobody configured it carefully: it stays closed, quiet and honest.</summary>
public sealed class SafetyDefaultsTests(ShopDatabase db) : IClassFixture<ShopDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task Without_an_admin_token_configured_nobody_is_admin(string? configured)
    {
        var settings = Settings.For(db.ConnectionString);
        settings["Admin:Token"] = configured;
        await using var api = new HostFactory<ApiHost::Program>(settings);
        var client = api.CreateClient();

        // Kestrel trims spaces and tabs off a header, but not a form feed or vertical tab, which the handler's Trim()
        // removes: those present an empty token.
        foreach (var header in new[] { null, "Bearer ", "Bearer \f", "Bearer \v", "Bearer \"\"", "Bearer x", "bearer null" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/dead-letters");
            if (header is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", header);
            }
            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{header ?? "no header"}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Health_outside_Development_says_only_the_status_even_when_a_check_fails()
    {
        var settings = Settings.For(db.ConnectionString, redis: TestServers.RedisConnectionString(OwnServer.FreePort()));
        await using var api = new HostFactory<ApiHost::Program>(settings) { Environment = "Production" };

        var body = await Health.WaitForAsync(api.CreateClient(), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("Unhealthy", body);
    }

    [Fact]
    public async Task A_host_on_an_unmigrated_database_reports_schema_Unhealthy()
    {
        var empty = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("unmigrated"));
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(empty));

        var body = await Health.WaitForAsync(api.CreateClient(), HttpStatusCode.ServiceUnavailable);

        Assert.Contains(Checks.Status(Checks.Schema, "Unhealthy"), body);
        Assert.Contains(Checks.Status(Checks.Postgres, "Healthy"), body);
    }

    [Fact]
    public async Task Web_reports_a_down_Api_as_Degraded_and_shows_its_friendly_page()
    {
        var nowhere = new Uri($"http://127.0.0.1:{OwnServer.FreePort()}");
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(nowhere));
        var client = web.CreateClient();

        var body = await Health.WaitForAsync(client, HttpStatusCode.OK);
        using var home = await client.GetAsync("/", Ct);

        Assert.Contains("\"status\":\"Degraded\"", body);
        Assert.Contains(Checks.Status(Checks.Api, "Degraded"), body);
        var page = await home.Content.ReadAsStringAsync(Ct);
        Assert.Contains("The shop is having a moment", page);
        Assert.DoesNotContain("Exception", page);
    }
}
