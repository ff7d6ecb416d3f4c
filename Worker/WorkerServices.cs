using ServiceDefaults;
using Shop.Data;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Ordering;
using Shop.Storage;
using Worker.Messaging;

namespace Worker;

internal static class WorkerServices
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddShopDatabase();
        builder.AddRedisClient(ResourceNames.Cache);
        builder.AddAzureBlobClient(ResourceNames.Blobs);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddMessageConsumers();
        builder.AddOrderProcessing();
        builder.AddMessageTransport();
        builder.AddShopJobs();
        builder.Services.AddHostedService<JobScheduler>();
        return builder;
    }
}
