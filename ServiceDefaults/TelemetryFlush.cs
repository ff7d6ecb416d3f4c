using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Exports what telemetry is still buffered when the host stops, while its services are alive. The OTLP exporter
/// over http/protobuf sends through an IHttpClientFactory client; its own final flush runs while the service
/// provider is being disposed, when that client's resilience pipeline can no longer be built, so a role that ends
/// within one batch interval (<c>Worker job</c>, <c>Worker migrate</c>) exported no spans at all.
/// </summary>
internal sealed class TelemetryFlush(IServiceProvider services) : IHostedService
{
    private const int TimeoutMilliseconds = 5000;
    private (TracerProvider? Traces, MeterProvider? Metrics, LoggerProvider? Logs) _providers;

    // Taken at start: a test server may dispose the service provider before it stops the host.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _providers = (services.GetService<TracerProvider>(), services.GetService<MeterProvider>(), services.GetService<LoggerProvider>());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _providers.Traces?.ForceFlush(TimeoutMilliseconds);
        _providers.Metrics?.ForceFlush(TimeoutMilliseconds);
        _providers.Logs?.ForceFlush(TimeoutMilliseconds);
        return Task.CompletedTask;
    }
}
