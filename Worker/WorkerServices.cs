using Shop;
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
        builder.AddShopDatabase();
        builder.AddTracedRedisClient(ResourceNames.Cache);
        builder.AddShopStorage();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddShopMessaging(consume: true);
        builder.AddOrderProcessing();
        builder.AddShopJobs();
        builder.Services.AddHostedService<JobScheduler>();
        return builder;
    }
}
