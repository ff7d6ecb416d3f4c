extern alias ApiHost;
extern alias WebHost;

using System.Diagnostics;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

public sealed class TraceTests(ShopDatabase db) : IClassFixture<ShopDatabase>
{
    [Fact]
    public async Task A_trace_started_in_Web_continues_into_Api()
    {
        var exported = new Spans();
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(db.ConnectionString), exported.AddTo);
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api.StartOnLoopback()), exported.AddTo);

        var started = DateTime.UtcNow;
        using var response = await web.CreateClient().GetAsync("/", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        // Tracer listeners are process-wide, so spans of tests running in parallel arrive here too.
        // Look for one complete chain: Web root server span -> HttpClient span -> Api server span.
        List<Activity> Chains() => [.. exported.Snapshot().DistinctBy(s => s.SpanId).Where(api =>
            api.Kind == ActivityKind.Server && (string?)api.GetTagItem("http.route") == "/api/catalog/items"
            && exported.Snapshot().Any(client => client.Kind == ActivityKind.Client && client.SpanId == api.ParentSpanId
                && client.TraceId == api.TraceId
                && exported.Snapshot().Any(web => web.Kind == ActivityKind.Server && web.SpanId == client.ParentSpanId
                    && web.TraceId == api.TraceId && web.ParentSpanId == default && (string?)web.GetTagItem("http.route") == "/")))];
        // A server span ends just after its response is sent, so give the Web span a moment to arrive.
        for (var i = 0; i < 50 && Chains().Count == 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        // Without propagation every Api span would be a root of its own trace: no chain would exist.
        var chains = Chains().Where(s => s.StartTimeUtc >= started).ToList();
        Assert.NotEmpty(chains);
        Assert.All(chains, s => Assert.Equal(200, s.GetTagItem("http.response.status_code")));
    }
}
