extern alias ApiHost;
extern alias WebHost;
extern alias WorkerHost;

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

/// <summary>Stops one real dependency under a running host: readiness says 503 and names it, then recovers.</summary>
public sealed class OutageTests(ShopDatabase db) : IClassFixture<ShopDatabase>
{
    [Theory]
    [InlineData("api", Checks.Redis)]
    [InlineData("api", Checks.Blobs)]
    [InlineData("api", Checks.Postgres)]
    [InlineData("worker", Checks.Redis)]
    [InlineData("worker", Checks.Blobs)]
    [InlineData("worker", Checks.Postgres)]
    public async Task Health_is_503_while_a_dependency_is_down_and_recovers(string host, string dependency)
    {
        await using var server = await StartOwnAsync(dependency);
        var settings = Settings.For(db.ConnectionString);
        switch (server)
        {
            case OwnRedis redis: settings["ConnectionStrings:cache"] = redis.ConnectionString; break;
            case OwnAzurite azurite: settings["ConnectionStrings:blobs"] = azurite.ConnectionString; break;
            case OwnPostgres pg:
                var name = await TestServers.CreateDatabaseAsync("outage", pg.Port);
                await ShopDatabase.MigrateAsync(pg.ConnectionString(name));
                settings["ConnectionStrings:shopdb"] = pg.ConnectionString(name);
                break;
        }
        await using WebApplicationFactory<ApiHost::Program>? api = host == "api" ? new HostFactory<ApiHost::Program>(settings) : null;
        await using WebApplicationFactory<WorkerHost::Program>? worker = host == "worker" ? new HostFactory<WorkerHost::Program>(settings) : null;
        var client = api?.CreateClient() ?? worker!.CreateClient();

        await Health.WaitForAsync(client, HttpStatusCode.OK);
        await server.StopAsync();
        var body = await Health.WaitForAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Contains(Checks.Status(dependency, "Unhealthy"), body);

        await server.StartAsync();
        await Health.WaitForAsync(client, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Web_health_is_503_while_redis_is_down_and_recovers()
    {
        await using var redis = new OwnRedis();
        await redis.StartAsync();
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(db.ConnectionString));
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api.StartOnLoopback(), redis.ConnectionString));
        var client = web.CreateClient();

        await Health.WaitForAsync(client, HttpStatusCode.OK);
        await redis.StopAsync();
        var body = await Health.WaitForAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Contains(Checks.Status(Checks.Redis, "Unhealthy"), body);
        await redis.StartAsync();
        await Health.WaitForAsync(client, HttpStatusCode.OK);
    }

    private static async Task<OwnServer> StartOwnAsync(string dependency)
    {
        OwnServer server = dependency switch
        {
            Checks.Redis => new OwnRedis(),
            Checks.Blobs => new OwnAzurite(),
            _ => new OwnPostgres(),
        };
        await server.StartAsync();
        return server;
    }
}
