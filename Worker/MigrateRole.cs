using Shop.Data;

namespace Worker;

/// <summary>Applies the schema and exits; the exit code tells the orchestrator whether it worked.</summary>
internal static partial class MigrateRole
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddShopDatabase(waitForSchema: false);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Worker.Migrate");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(timeout.Token);
            return 0;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Migration failed")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
