extern alias ApiHost;
extern alias WebHost;

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

public sealed class TraceTests(ShopDatabase db) : IClassFixture<ShopDatabase>
{
    [Fact]
    public async Task A_trace_started_in_Web_continues_into_Api()
    {
        var exported = new InMemoryExporter();
        void AddExporter(IServiceCollection s) => s.AddSingleton<BaseProcessor<Activity>>(new SimpleActivityExportProcessor(exported));
        await using var api = new HostFactory<ApiHost::Program>(Settings.For(db.ConnectionString), AddExporter);
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api.StartOnLoopback()), AddExporter);

        using var response = await web.CreateClient().GetAsync("/", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        // A server span ends just after its response is sent, so give the Web span a moment to arrive.
        for (var i = 0; i < 50 && !exported.Spans.Any(s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/"); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        // Both hosts' tracer providers see every span in this process: count each span once.
        var spans = exported.Spans.DistinctBy(s => s.SpanId).ToList();
        var apiSpan = Assert.Single(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/api/catalog/items");
        var trace = spans.Where(s => s.TraceId == apiSpan.TraceId).ToList();
        var webSpan = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.ParentSpanId == default);
        var clientSpan = Assert.Single(trace, s => s.Kind == ActivityKind.Client && s.SpanId == apiSpan.ParentSpanId);
        Assert.Equal(webSpan.TraceId, apiSpan.TraceId);
        Assert.Equal("/", webSpan.GetTagItem("http.route"));
        Assert.Equal(200, apiSpan.GetTagItem("http.response.status_code"));
        Assert.NotNull(clientSpan);
    }

    /// <summary>OpenTelemetry.Exporter.InMemory does not restore here; this is the same few lines.</summary>
    private sealed class InMemoryExporter : BaseExporter<Activity>
    {
        private readonly List<Activity> _spans = [];

        public IReadOnlyList<Activity> Spans
        {
            get
            {
                lock (_spans)
                {
                    return [.. _spans];
                }
            }
        }

        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (_spans)
            {
                foreach (var span in batch)
                {
                    _spans.Add(span);
                }
            }
            return ExportResult.Success;
        }
    }
}
