using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Shop.Catalog;
using ZiggyCreatures.Caching.Fusion;

namespace Shop.Tests.Catalog;

/// <summary>The client integrations' own instrumentation shows where a catalog read went.</summary>
public sealed class CatalogTraceTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uncached_read_traces_its_PostgreSQL_query_a_Redis_hit_only_its_Redis_command_and_a_local_hit_neither()
    {
        var miss = await ReadAsync("/api/catalog/items/33");
        // Drop this replica's own copy only (no backplane message), so the next read goes to Redis.
        await fx.Api.Services.GetRequiredService<IFusionCache>().RemoveAsync(CatalogCache.ItemKey(33),
            new FusionCacheEntryOptions { SkipBackplaneNotifications = true }, Ct);
        var hit = await ReadAsync("/api/catalog/items/33");
        var local = await ReadAsync("/api/catalog/items/33");
        Assert.Equal(("MISS", "HIT", "HIT"), (miss.Cache, hit.Cache, local.Cache));

        var query = await fx.Spans.WaitForAsync(s => s.TraceId == miss.Trace && s.Source.Name == "Npgsql");
        Assert.NotNull(query);
        Assert.Equal(ActivityKind.Client, query.Kind);
        // The Redis instrumentation drains its profiler every few seconds, so its spans arrive late.
        var get = await fx.Spans.WaitForAsync(s => s.TraceId == hit.Trace && s.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal), seconds: 30);
        Assert.NotNull(get);
        Assert.Equal(ActivityKind.Client, get.Kind);
        Assert.DoesNotContain(fx.Spans.Snapshot(), s => s.TraceId == hit.Trace && s.Source.Name == "Npgsql");
        Assert.DoesNotContain(fx.Spans.Snapshot(), s => s.TraceId == local.Trace && (s.Source.Name == "Npgsql" || s.Source.Name.Contains("Redis", StringComparison.Ordinal)));
    }

    /// <summary>A request that starts a trace of its own, so its spans can be told from every other test's.</summary>
    private async Task<(ActivityTraceId Trace, string Cache)> ReadAsync(string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await fx.Client().SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        return (trace, response.Headers.GetValues("X-Cache").Single());
    }
}
