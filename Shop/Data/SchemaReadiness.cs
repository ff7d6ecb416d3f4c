using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Data;

/// <summary>
/// Api and Worker never migrate; they wait until the migrate role has applied every migration this build
/// contains. Until then readiness is Unhealthy and consumers hold back.
/// </summary>
public sealed partial class SchemaReadiness(IServiceScopeFactory scopes, ILogger<SchemaReadiness> logger)
    : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _latest = "";

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? error = null;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var database = scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database;
                _latest = database.GetMigrations().LastOrDefault() ?? "";
                if (!(await database.GetPendingMigrationsAsync(stoppingToken)).Any())
                {
                    _ready.TrySetResult();
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                error = ex.Message;
            }
            if (attempt++ % 10 == 0)
            {
                LogWaiting(logger, _latest, error);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsReady
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Waiting for this build's migrations: run `Worker migrate`."));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the schema to reach migration {Migration} (run `Worker migrate`). {Error}")]
    private static partial void LogWaiting(ILogger logger, string migration, string? error);
}
