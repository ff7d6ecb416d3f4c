using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceDefaults.Telemetry;

/// <summary>The application's own ActivitySource and Meter, shared by every host.</summary>
public static class ShopTelemetry
{
    public const string SourceName = "Shop";
    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(SourceName);
}
