using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Shop.Tests.Infrastructure;
using Shop.Tests.Jobs;

namespace Shop.Tests;

/// <summary>
/// Roles that map no endpoints still export telemetry: the Worker binary runs as a real process against a real
/// OTLP/HTTP receiver. The span and message texts are plain strings inside the protobuf payloads.
/// </summary>
public sealed class TelemetryExportTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private WebApplication _collector = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue((request.Path, body.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Worker_job_exports_the_span_of_its_run()
    {
        var data = new JobData();
        await data.InitializeAsync();

        var (code, output) = await AppProcess.RunWorkerAsync(WithCollector(data.Settings()), "job", "sales-report", "--date", "2013-04-05");

        Assert.True(code == 0, output);
        var traces = string.Join('\n', Bodies("/v1/traces"));
        Assert.Contains("job sales-report", traces); // the run's span, with its attribute
        Assert.Contains("shop.job.name", traces);
        Assert.Contains("Worker", traces); // service.name
    }

    [Fact]
    public async Task Worker_migrate_exports_its_logs()
    {
        var settings = WithCollector(new Dictionary<string, string?>
        {
            ["ConnectionStrings:shopdb"] = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("otlp")),
            ["ConnectionStrings:blobs"] = TestServers.BlobConnectionString(),
        });

        var (code, output) = await AppProcess.RunWorkerAsync(settings, "migrate", "--no-seed");

        Assert.True(code == 0, output);
        Assert.Contains("Schema is current", string.Join('\n', Bodies("/v1/logs")));
    }

    private Dictionary<string, string?> WithCollector(Dictionary<string, string?> settings)
    {
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Urls.First();
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        return settings;
    }

    private IEnumerable<string> Bodies(string path) =>
        _received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body));

    public async ValueTask DisposeAsync() => await _collector.DisposeAsync();
}
