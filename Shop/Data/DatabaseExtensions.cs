using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using ServiceDefaults;

namespace Shop.Data;

public static class DatabaseExtensions
{

    /// <summary>Registers the data source, the DbContext pool, the migrator and a readiness check.</summary>
    /// <param name="multiplexing">
    /// Pipelines commands from many requests over a few connections (Npgsql multiplexing): +40% uncached
    /// item reads in bench/catalog.sh. Only for request-serving roles: session state such as advisory
    /// locks and LISTEN needs a connection of its own, so the Worker keeps classic pooling.
    /// </param>
    public static IHostApplicationBuilder AddShopDatabase(this IHostApplicationBuilder builder, bool waitForSchema = true, bool multiplexing = false)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException(
                $"Connection string '{ResourceNames.Database}' is missing: set ConnectionStrings__{ResourceNames.Database}.");
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(WithPerformanceDefaults(connectionString, multiplexing)).Build());
        builder.Services.AddDbContextPool<ShopDbContext>((sp, options) =>
        {
            var dataSource = sp.GetRequiredService<NpgsqlDataSource>();
            options.UseNpgsql(dataSource).AddInterceptors(new Messaging.OutboxNotifier(dataSource));
        });
        builder.Services.AddScoped<SchemaMigrator>();
        var health = builder.Services.AddHealthChecks().AddDbContextCheck<ShopDbContext>("postgres");
        if (waitForSchema)
        {
            builder.Services.AddSingleton<SchemaReadiness>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaReadiness>());
            health.AddCheck<SchemaReadiness>("schema");
        }
        return builder;
    }

    /// <summary>
    /// The profile of bench/catalog.sh showed that resetting every pooled connection and re-planning every
    /// statement cost more than the query itself. Session state is never left behind (advisory locks are
    /// released in <c>finally</c>), so the reset is skipped and hot statements are prepared automatically.
    /// A connection string that sets either keyword keeps its own value.
    /// </summary>
    internal static string WithPerformanceDefaults(string connectionString, bool multiplexing)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (multiplexing && !csb.ContainsKey("Multiplexing"))
        {
            csb.Multiplexing = true;
        }
        if (!csb.ContainsKey("Max Auto Prepare"))
        {
            csb.MaxAutoPrepare = 50;
        }
        if (!csb.ContainsKey("No Reset On Close"))
        {
            csb.NoResetOnClose = true;
        }
        return csb.ConnectionString;
    }
}
