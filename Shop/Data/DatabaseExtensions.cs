using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Shop.Messaging;

namespace Shop.Data;

public static class DatabaseExtensions
{
    /// <summary>
    /// Aspire.Npgsql's data source (health check, tracing, metrics) for <c>ConnectionStrings__shopdb</c>, and the
    /// pooled DbContext over that same data source, so EF and the queue's raw SQL share one connection pool.
    /// EF's retrying execution strategy stays off: the handlers run explicit transactions, and a failed message
    /// is retried by the queue instead.
    /// </summary>
    /// <param name="waitForSchema">Hosts that must not run before <c>Worker migrate</c> (Api, Worker) report readiness only once it has.</param>
    /// <param name="multiplexing">
    /// Pipelines commands from many requests over a few connections (Npgsql multiplexing): +40% uncached
    /// item reads in bench/catalog.sh. Only for request-serving roles: session state such as advisory
    /// locks and LISTEN needs a connection of its own, so the Worker keeps classic pooling.
    /// </param>
    /// <param name="asynchronousCommit">
    /// Commits without waiting for the WAL flush (<c>synchronous_commit=off</c>). Only for a consumer of the
    /// PostgreSQL transport: its acknowledgement is a later commit in the same WAL, so a database crash that loses
    /// an effect loses its acknowledgement too, and the message is delivered again (handlers are idempotent). The
    /// Api never uses it: its 202 promises that the order is stored.
    /// </param>
    public static IHostApplicationBuilder AddShopDatabase(this IHostApplicationBuilder builder, bool waitForSchema = true,
        bool multiplexing = false, bool asynchronousCommit = false)
    {
        builder.AddNpgsqlDataSource(ResourceNames.Database, settings =>
        {
            if (settings.ConnectionString is { } connectionString)
            {
                settings.ConnectionString = WithPerformanceDefaults(connectionString, multiplexing, asynchronousCommit);
            }
        });
        builder.Services.AddDbContextPool<ShopDbContext>((services, options) =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            ShopDbContext.Conventions(options.UseNpgsql(dataSource)).AddInterceptors(new OutboxNotifier(dataSource));
        });
        if (waitForSchema)
        {
            builder.Services.AddSingleton<SchemaReadiness>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaReadiness>());
            builder.Services.AddHealthChecks().AddCheck<SchemaReadiness>("schema");
        }
        return builder;
    }

    /// <summary>
    /// The profile of bench/catalog.sh showed that resetting every pooled connection and re-planning every
    /// statement cost more than the query itself. Session state is never left behind (advisory locks are
    /// released in <c>finally</c>), so the reset is skipped and hot statements are prepared automatically.
    /// A connection string that sets either keyword keeps its own value.
    /// </summary>
    internal static string WithPerformanceDefaults(string connectionString, bool multiplexing, bool asynchronousCommit = false)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword exists at all, not whether it was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keywords) => keywords.Any(given.ContainsKey);
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (asynchronousCommit)
        {
            csb.Options = $"{csb.Options} -c synchronous_commit=off".Trim();
        }
        if (multiplexing && !Given("Multiplexing"))
        {
            csb.Multiplexing = true;
        }
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
        {
            csb.MaxAutoPrepare = 50;
        }
        if (!Given("No Reset On Close", "NoResetOnClose"))
        {
            csb.NoResetOnClose = true;
        }
        return csb.ConnectionString;
    }
}
