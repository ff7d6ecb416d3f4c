using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Archive;
using Shop.Catalog.Images;

namespace Shop.Jobs;

public static class JobsExtensions
{
    /// <summary>The job catalog and the jobs themselves (the Api lists and triggers them; the Worker runs them).</summary>
    public static IHostApplicationBuilder AddShopJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.Section)
            .Configure<IConfiguration>((o, c) =>
                o.DeadLettersRetainDays = c.GetValue("DeadLetters:RetainDays", o.DeadLettersRetainDays))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddJob<ArchiveOrdersJob>(JobSchedules.ArchiveOrders, "Moves final orders older than Archive:AfterDays to blob storage");
        builder.Services.AddJob<SalesReportJob>(JobSchedules.SalesReport, "Writes yesterday's sales CSV to blob storage (--date yyyy-MM-dd for another day)");
        builder.Services.AddJob<HousekeepingJob>(JobSchedules.Housekeeping, "Deletes expired idempotency keys, processed-message records, old dead letters and job runs, and replaced images");
        builder.Services.AddSingleton<JobCatalog>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddScoped<OrderArchive>();
        builder.Services.AddImageOptions();
        builder.Services.AddScoped<ReplacedImages>();
        return builder;
    }
}
