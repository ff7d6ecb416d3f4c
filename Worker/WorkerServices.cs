using ServiceDefaults;
using Shop.Data;
using Shop.Storage;

namespace Worker;

internal static class WorkerServices
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddShopDatabase();
        builder.AddRedisClient(ResourceNames.Cache);
        builder.AddAzureBlobClient(ResourceNames.Blobs);
        return builder;
    }
}
