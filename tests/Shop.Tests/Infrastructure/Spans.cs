using System.Collections.ObjectModel;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// Spans a host exports, through OpenTelemetry.Exporter.InMemory. Tracer listeners are process-wide, so spans
/// of hosts in parallel tests arrive here too: assert on spans you can tell apart (a trace id, a tag).
/// </summary>
public sealed class Spans : Collection<Activity>
{
    private readonly Lock _lock = new();

    /// <summary>Adds this collection as an exporter to a host's tracer provider (a HostFactory services hook).</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(this));

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. this];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }

    /// <summary>Waits until a span matching <paramref name="match"/> has ended (spans export when they end).</summary>
    public async Task<Activity?> WaitForAsync(Func<Activity, bool> match, int seconds = 10)
    {
        Activity? found = null;
        await Poll.UntilAsync(() => Task.FromResult((found = Snapshot().FirstOrDefault(match)) is not null), TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(50));
        return found;
    }
}
