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
    public static IHostApplicationBuilder AddShopDatabase(this IHostApplicationBuilder builder, bool waitForSchema = true)
    {
        var connectionString = builder.Configuration.GetConnectionString(ResourceNames.Database)
            ?? throw new InvalidOperationException(
                $"Connection string '{ResourceNames.Database}' is missing: set ConnectionStrings__{ResourceNames.Database}.");
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddDbContextPool<ShopDbContext>((sp, options) =>
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
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
}
