using Shop;
using Shop.Catalog.Images;
using Shop.Data;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Ordering;
using Shop.Storage;

namespace Worker;

internal static class WorkerServices
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddShopTelemetry();
        // See AddShopDatabase: safe only where the queue lives in the same database.
        var transport = builder.Configuration.GetValue($"{MessagingOptions.Section}:{nameof(MessagingOptions.Transport)}", MessageTransport.Postgres);
        builder.AddShopDatabase(asynchronousCommit: transport == MessageTransport.Postgres);
        builder.AddTracedRedisClient(ResourceNames.Cache);
        builder.AddShopStorage();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddShopMessaging(consume: true);
        builder.AddOrderProcessing();
        builder.AddImageProcessing();
        builder.AddShopJobs();
        builder.Services.AddHostedService<JobScheduler>();
        return builder;
    }
}
