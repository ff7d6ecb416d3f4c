using Shop.Catalog;
using Shop.Data;

namespace Worker;

/// <summary>
/// Applies the schema, seeds an empty catalog, and exits; the exit code tells the orchestrator
/// whether it worked. `--no-seed` skips the seed (tests that want an empty catalog).
/// </summary>
internal static partial class MigrateRole
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = OneShotHost.CreateBuilder([.. args.Where(a => a != "--no-seed")]);
        builder.Services.AddCatalogSeeder();
        var seed = !args.Contains("--no-seed");
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Worker.Migrate");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // Started so that telemetry runs (its exporters flush when the host is disposed).
        await host.StartAsync(timeout.Token);
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            await ShopSchema.MigrateAsync(scope.ServiceProvider.GetRequiredService<ShopDbContext>(), logger, timeout.Token);
            if (seed)
            {
                await scope.ServiceProvider.GetRequiredService<CatalogSeeder>().SeedAsync(timeout.Token);
            }
            return 0;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            return 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migration failed")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
