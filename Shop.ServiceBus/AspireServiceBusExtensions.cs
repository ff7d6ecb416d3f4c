using Azure.Core.Extensions;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Shop.ServiceBus;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire.Azure.Messaging.ServiceBus' <c>AddAzureServiceBusClient</c>, which this machine's NuGet copy does not
/// serve: the same method, connection string, configuration section (<c>Aspire:Azure:Messaging:ServiceBus</c>),
/// health check name and trace source, over the real Azure.Messaging.ServiceBus. Delete this file when the
/// package restores.
/// </summary>
public static class AspireServiceBusExtensions
{
    private const string Section = "Aspire:Azure:Messaging:ServiceBus";

    public static void AddAzureServiceBusClient(this IHostApplicationBuilder builder, string connectionName,
        Action<AzureMessagingServiceBusSettings>? configureSettings = null)
    {
        var section = builder.Configuration.GetSection(Section);
        var settings = new AzureMessagingServiceBusSettings();
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);
        settings.ParseConnectionString(builder.Configuration.GetConnectionString(connectionName));
        configureSettings?.Invoke(settings);

        builder.Services.AddAzureClients(clients => ((IAzureClientFactoryBuilderWithCredential)clients)
            .RegisterClientFactory<ServiceBusClient, ServiceBusClientOptions>((options, credential) =>
                !string.IsNullOrEmpty(settings.ConnectionString) ? new ServiceBusClient(settings.ConnectionString, options)
                : !string.IsNullOrEmpty(settings.FullyQualifiedNamespace) ? new ServiceBusClient(settings.FullyQualifiedNamespace, credential, options)
                : throw new InvalidOperationException(
                    $"Service Bus is not configured: set ConnectionStrings__{connectionName} or {Section}:FullyQualifiedNamespace."),
                requiresCredential: false)
            .ConfigureOptions(section.GetSection("ClientOptions")));

        if (settings.HealthCheckQueueName is { Length: > 0 } queue)
        {
            builder.Services.AddHealthChecks().Add(new("Azure_ServiceBusClient",
                sp => new ServiceBusHealthCheck(sp.GetRequiredService<ServiceBusClient>(), queue), failureStatus: null, tags: null));
        }
        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Azure.Messaging.ServiceBus.*"));
        }
    }
}

/// <summary>Settings of <see cref="AspireServiceBusExtensions.AddAzureServiceBusClient"/>, as in Aspire.</summary>
public sealed class AzureMessagingServiceBusSettings
{
    public string? ConnectionString { get; set; }
    public string? FullyQualifiedNamespace { get; set; }
    public string? HealthCheckQueueName { get; set; }
    public bool DisableTracing { get; set; }

    /// <summary>
    /// A connection string with keys (or the emulator's), or the namespace alone (<c>ns.servicebus.windows.net</c>,
    /// or <c>Endpoint=sb://ns.servicebus.windows.net/</c>) for the managed identity. EntityPath is dropped: the
    /// client addresses every queue by name.
    /// </summary>
    internal void ParseConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(p => !p.StartsWith("EntityPath=", StringComparison.OrdinalIgnoreCase)).ToArray();
        var endpoint = parts is [var only] && only.StartsWith("Endpoint=", StringComparison.OrdinalIgnoreCase) ? only["Endpoint=".Length..]
            : parts is [var plain] && !plain.Contains('=', StringComparison.Ordinal) ? plain : null;
        if (endpoint is null)
        {
            ConnectionString = string.Join(';', parts);
        }
        else
        {
            FullyQualifiedNamespace = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Host : endpoint.TrimEnd('/');
        }
    }
}
