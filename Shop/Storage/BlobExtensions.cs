using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Shop.Storage;

public static class BlobExtensions
{
    /// <remarks>Same name and shape as Aspire.Azure.Storage.Blobs' client integration.</remarks>
    public static IHostApplicationBuilder AddAzureBlobClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName}.");
        builder.Services.AddSingleton(_ =>
        {
            var options = new BlobClientOptions();
            // Fail fast enough for health probes; the pipeline still retries transient faults.
            options.Retry.MaxRetries = 3;
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
            return StorageConnection.Parse(connectionString).UsesSharedKey
                ? new BlobServiceClient(connectionString, null, options)
                : new BlobServiceClient(connectionString, new DefaultAzureCredential(), options);
        });
        builder.Services.AddSingleton<BlobContainers>();
        builder.Services.AddHealthChecks().AddCheck<BlobHealthCheck>("blobs");
        return builder;
    }
}

internal sealed class BlobHealthCheck(BlobServiceClient blobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await blobs.GetBlobContainerNamesAsync(1, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Blob storage did not answer.", ex);
        }
    }
}
