using Azure.Core;
using Azure.Core.Extensions;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;
using Shop.Storage;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire.Azure.Storage.Blobs' <c>AddAzureBlobServiceClient</c>, which this machine's NuGet copy does not
/// serve: the same method, connection string, configuration section (<c>Aspire:Azure:Storage:Blobs</c>),
/// health check name and trace source, over the real Azure.Storage.Blobs. Delete this file when the
/// package restores.
/// </summary>
public static class AspireBlobStorageExtensions
{
    private const string Section = "Aspire:Azure:Storage:Blobs";

    /// <summary>
    /// <c>ConnectionStrings:&lt;connectionName&gt;</c> is an account-key string (Azurite),
    /// <c>UseDevelopmentStorage=true</c>, or the service URI alone (Azure: DefaultAzureCredential, the managed identity).
    /// </summary>
    public static void AddAzureBlobServiceClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var section = builder.Configuration.GetSection(Section);
        var settings = new AzureStorageBlobsSettings();
        section.Bind(settings);
        section.GetSection(connectionName).Bind(settings);
        settings.ParseConnectionString(builder.Configuration.GetConnectionString(connectionName));

        builder.Services.AddAzureClients(clients => ((IAzureClientFactoryBuilderWithCredential)clients)
            .RegisterClientFactory<BlobServiceClient, BlobClientOptions>((options, credential) =>
                !string.IsNullOrEmpty(settings.ConnectionString) ? new BlobServiceClient(settings.ConnectionString, options)
                : settings.ServiceUri is { } uri ? new BlobServiceClient(uri, credential, options)
                : throw new InvalidOperationException(
                    $"Blob storage is not configured: set ConnectionStrings__{connectionName} or {Section}:ServiceUri."),
                requiresCredential: false)
            .ConfigureOptions(section.GetSection("ClientOptions")));

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddCheck<BlobStorageHealthCheck>($"Azure_{nameof(BlobServiceClient)}");
        }
        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Azure.Storage.Blobs.*"));
        }
    }
}

/// <summary>Settings of <see cref="AspireBlobStorageExtensions.AddAzureBlobServiceClient"/>, as in Aspire.</summary>
public sealed class AzureStorageBlobsSettings
{
    public string? ConnectionString { get; set; }
    public Uri? ServiceUri { get; set; }
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }

    internal void ParseConnectionString(string? connectionString)
    {
        if (Uri.TryCreate(connectionString, UriKind.Absolute, out var uri))
        {
            ServiceUri = uri;
        }
        else if (!string.IsNullOrEmpty(connectionString))
        {
            ConnectionString = connectionString;
        }
    }
}
