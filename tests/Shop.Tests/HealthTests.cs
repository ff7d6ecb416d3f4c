extern alias ApiHost;
extern alias WebHost;
extern alias WorkerHost;

using System.Net;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

public sealed class HealthTests(ShopDatabase db) : IClassFixture<ShopDatabase>
{
    [Fact]
    public async Task Api_is_healthy_against_real_servers()
    {
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(db.ConnectionString));
        var body = await Health.WaitForAsync(api.CreateClient(), HttpStatusCode.OK);
        Assert.Contains("\"status\":\"Healthy\"", body);
        foreach (var check in new[] { Checks.Postgres, Checks.Schema, Checks.Redis, Checks.Blobs })
        {
            Assert.Contains(Checks.Status(check, "Healthy"), body);
        }
    }

    [Fact]
    public async Task Worker_is_healthy_against_real_servers()
    {
        await using var worker = new HostFactory<WorkerHost::Program>(Settings.For(db.ConnectionString));
        var body = await Health.WaitForAsync(worker.CreateClient(), HttpStatusCode.OK);
        Assert.Contains("\"status\":\"Healthy\"", body);
        foreach (var check in new[] { Checks.Postgres, Checks.Schema, Checks.Redis, Checks.Blobs })
        {
            Assert.Contains(Checks.Status(check, "Healthy"), body);
        }
    }

    [Fact]
    public async Task Web_is_healthy_with_api_and_redis_up()
    {
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(db.ConnectionString));
        var apiAddress = api.StartOnLoopback();
        await using var web = new HostFactory<WebHost::Program>(WebSettings(apiAddress));
        var body = await Health.WaitForAsync(web.CreateClient(), HttpStatusCode.OK);
        Assert.Contains("\"status\":\"Healthy\"", body);
        Assert.Contains(Checks.Status(Checks.Redis, "Healthy"), body);
        Assert.Contains(Checks.Status(Checks.Api, "Healthy"), body);
    }

    [Fact]
    public async Task Liveness_only_checks_the_process()
    {
        // Every dependency points nowhere: /alive must still say the process is fine.
        var port = OwnServer.FreePort();
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(
            TestServers.PostgresConnectionString("none", port), TestServers.RedisConnectionString(port), TestServers.BlobConnectionString(port)));
        using var response = await api.CreateClient().GetAsync("/alive", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    internal static Dictionary<string, string?> WebSettings(Uri api, string? redis = null) => new()
    {
        ["ConnectionStrings:cache"] = redis ?? TestServers.RedisConnectionString(),
        ["services:api:http:0"] = api.ToString().TrimEnd('/'),
        ["RateLimits:Enabled"] = "false",
    };
}
