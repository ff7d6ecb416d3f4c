using System.Diagnostics;

namespace Shop.Tests.Catalog;

/// <summary>The client integrations' own instrumentation shows where a catalog read went.</summary>
public sealed class CatalogTraceTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uncached_read_traces_its_PostgreSQL_query_and_a_cached_one_only_its_Redis_command()
    {
        var miss = await ReadAsync("/api/catalog/items/33");
        var hit = await ReadAsync("/api/catalog/items/33");
        Assert.Equal(("MISS", "HIT"), (miss.Cache, hit.Cache));

        var query = await fx.Spans.WaitForAsync(s => s.TraceId == miss.Trace && s.Source.Name == "Npgsql");
        Assert.NotNull(query);
        Assert.Equal(ActivityKind.Client, query.Kind);
        // The Redis instrumentation drains its profiler every few seconds, so its spans arrive late.
        var get = await fx.Spans.WaitForAsync(s => s.TraceId == hit.Trace && s.Source.Name.Contains("StackExchangeRedis", StringComparison.Ordinal), seconds: 30);
        Assert.NotNull(get);
        Assert.Equal(ActivityKind.Client, get.Kind);
        Assert.DoesNotContain(fx.Spans.Snapshot(), s => s.TraceId == hit.Trace && s.Source.Name == "Npgsql");
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
