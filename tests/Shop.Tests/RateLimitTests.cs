extern alias ApiHost;
extern alias WebHost;

using System.Net;
using System.Net.Http.Json;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

/// <summary>Per-client limits whose budget lives in Redis: shared by replicas, and never a reason to fail when Redis is down.</summary>
public sealed class RateLimitTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private HostFactory<ApiHost::Program> Api(OwnRedis redis, int global = 5, int orders = 100, string? trustedNetwork = null) =>
        new(new Dictionary<string, string?>(Settings.For(fx.Database.ConnectionString, redis.ConnectionString))
        {
            ["RateLimits:Enabled"] = "true",
            ["RateLimits:Global:PermitLimit"] = global.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:orders:PermitLimit"] = orders.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ForwardedHeaders:KnownNetworks:0"] = trustedNetwork,
        });

    /// <summary>A Redis of the test's own: the budgets start empty.</summary>
    private static async Task<OwnRedis> RedisAsync()
    {
        var redis = new OwnRedis();
        await redis.StartAsync();
        return redis;
    }

    [Fact]
    public async Task Over_the_budget_a_client_gets_429_with_Retry_After_and_a_ProblemDetails_body_but_probes_pass()
    {
        await using var redis = await RedisAsync();
        await using var api = Api(redis, global: 5);
        using var client = api.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.GetAsync("/api/catalog/items/1", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var limited = await client.GetAsync("/api/catalog/items/1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        using var probe = await client.GetAsync("/alive", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task Two_Api_instances_spend_one_budget()
    {
        await using var redis = await RedisAsync();
        await using var first = Api(redis, global: 6);
        await using var second = Api(redis, global: 6);
        using var a = first.CreateClient();
        using var b = second.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            foreach (var client in new[] { a, b })
            {
                using var response = await client.GetAsync("/api/catalog/items/2", TestContext.Current.CancellationToken);
                statuses.Add(response.StatusCode);
            }
        }
        // 8 requests from one client across two replicas against one budget of 6: exactly the last 2 are refused.
        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses[^2..]);
    }

    [Fact]
    public async Task A_large_budget_taken_in_chunks_by_two_replicas_is_never_exceeded()
    {
        await using var redis = await RedisAsync();
        // 300 a minute: each replica takes 3 permits per Redis round trip.
        await using var first = Api(redis, global: 300);
        await using var second = Api(redis, global: 300);
        using var a = first.CreateClient();
        using var b = second.CreateClient();
        var ok = 0;
        for (var i = 0; i < 200; i++)
        {
            foreach (var client in new[] { a, b })
            {
                using var response = await client.GetAsync("/alive-not-exempt", TestContext.Current.CancellationToken);
                ok += response.StatusCode == HttpStatusCode.TooManyRequests ? 0 : 1;
            }
        }
        // Never more than the budget; short of it by at most what the two replicas still hold unspent.
        Assert.InRange(ok, 300 - 2 * 2, 300);
    }

    [Theory]
    [InlineData(null, true)] // loopback is a trusted proxy by default: each forwarded client has its own budget
    [InlineData("10.0.0.0/8", false)] // only that network is trusted: the header from loopback is ignored
    public async Task The_client_address_comes_from_X_Forwarded_For_only_from_a_trusted_proxy(string? trustedNetwork, bool trusted)
    {
        await using var redis = await RedisAsync();
        await using var api = Api(redis, global: 2, trustedNetwork: trustedNetwork);
        using var client = new HttpClient { BaseAddress = api.StartOnLoopback() };
        var statuses = new List<HttpStatusCode>();
        foreach (var forwardedFor in new[] { "203.0.113.1", "203.0.113.1", "203.0.113.2", "203.0.113.2" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/items/1");
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(trusted ? 4 : 2, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Placing_orders_has_a_stricter_budget_than_reading()
    {
        await using var redis = await RedisAsync();
        await using var api = Api(redis, global: 100, orders: 2);
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { email = "", lines = Array.Empty<object>() }) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        using var read = await client.GetAsync("/api/catalog/items/1", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task With_Redis_down_requests_are_still_answered()
    {
        var redis = await RedisAsync();
        await using var api = Api(redis, global: 3);
        using var client = api.CreateClient();
        using (var warm = await client.GetAsync("/api/catalog/items/3", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        await redis.DisposeAsync();
        // Redis is gone: the limiter lets requests through (fail open), the catalog reads fall through to PostgreSQL.
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("/api/catalog/items/3", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Web_answers_a_friendly_page_when_admin_sign_in_attempts_run_out()
    {
        await using var redis = await RedisAsync();
        var settings = HealthTests.WebSettings(fx.ApiAddress(), redis.ConnectionString);
        settings["RateLimits:Enabled"] = "true";
        settings["RateLimits:admin-sign-in:PermitLimit"] = "2";
        await using var web = new HostFactory<WebHost::Program>(settings);
        using var client = web.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            // No antiforgery token: the limit is spent before the form is even read.
            last = await client.PostAsync("/admin/login", new FormUrlEncodedContent([new("token", "guess")]), TestContext.Current.CancellationToken);
            statuses.Add(last.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[2]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses[..2]);
        Assert.Equal("text/html", last!.Content.Headers.ContentType?.MediaType);
        Assert.Contains("One moment, please", await last.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(last.Headers.RetryAfter);
        last.Dispose();
    }
}
