using System.Diagnostics;
using OpenTelemetry;

namespace Shop.Tests.Infrastructure;

/// <summary>OpenTelemetry.Exporter.InMemory does not restore here; this is the same few lines.</summary>
public sealed class InMemoryExporter : BaseExporter<Activity>
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
