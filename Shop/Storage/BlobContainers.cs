using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Shop.Storage;

/// <summary>The shop's containers, created on first use once per process.</summary>
public sealed class BlobContainers(BlobServiceClient service)
{
    public const string Images = "images";
    public const string Mail = "mail";
    public const string Archive = "archive";
    public const string Reports = "reports";

    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new();

    public async Task<BlobContainerClient> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var container = service.GetBlobContainerClient(name);
        var creation = _created.GetOrAdd(name, _ => new Lazy<Task>(() => container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch
        {
            // A failed creation (storage down) is retried by the next caller.
            _created.TryRemove(name, out _);
            throw;
        }
        return container;
    }
}

public static class StorageExtensions
{
    /// <summary>The blob client from <c>ConnectionStrings__blobs</c> and the shop's containers over it.</summary>
    public static IHostApplicationBuilder AddShopStorage(this IHostApplicationBuilder builder)
    {
        builder.AddAzureBlobServiceClient(ResourceNames.Blobs);
        builder.Services.AddSingleton<BlobContainers>();
        return builder;
    }
}
