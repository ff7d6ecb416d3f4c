using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry without OpenTelemetry.Extensions.Hosting: one SDK instance per host, fed by the
/// sources and meters .NET emits itself plus the app's own (<see cref="ShopTelemetry"/>).
/// Extra processors registered in DI (a test's in-memory exporter) join the trace pipeline.
/// </summary>
public static class TelemetryExtensions
{
    private static readonly string[] _sources = ["Microsoft.AspNetCore", "System.Net.Http", "Npgsql", ShopTelemetry.SourceName];
    private static readonly string[] _meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http",
        "System.Runtime", "Npgsql", ShopTelemetry.SourceName,
    ];

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Without this switch ASP.NET Core server spans carry no http.* tags at all.
        AppContext.SetSwitch("Microsoft.AspNetCore.Hosting.SuppressActivityOpenTelemetryData", false);
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var serviceName = builder.Environment.ApplicationName;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            logging.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(serviceName));
            if (exportOtlp)
            {
                logging.AddOtlpExporter();
            }
        });

        builder.Services.AddSingleton(sp => OpenTelemetrySdk.Create(otel =>
        {
            otel.ConfigureResource(r => r.AddService(serviceName));
            otel.WithTracing(tracing =>
            {
                tracing.AddSource(_sources);
                foreach (var processor in sp.GetServices<BaseProcessor<Activity>>())
                {
                    tracing.AddProcessor(processor);
                }
            });
            otel.WithMetrics(metrics => metrics.AddMeter(_meters));
            if (exportOtlp)
            {
                otel.UseOtlpExporter();
            }
        }));
        builder.Services.AddTransient<IStartupFilter, SpanEnrichmentStartupFilter>();
        return builder;
    }

    /// <summary>Creates the SDK so its listeners are attached before the first request or message.</summary>
    public static void StartTelemetry(this IServiceProvider services) => services.GetRequiredService<OpenTelemetrySdk>();
}
