using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Shop.Data;

/// <summary>
/// Api and Worker never migrate; they wait until the migrate role has brought the schema up to
/// the version this build expects. Until then readiness is Unhealthy and consumers hold back.
/// </summary>
public sealed partial class SchemaReadiness(IServiceScopeFactory scopes, ILogger<SchemaReadiness> logger)
    : BackgroundService, IHealthCheck
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().IsCurrentAsync(stoppingToken))
                {
                    _ready.TrySetResult();
                    return;
                }
                if (attempt++ % 10 == 0)
                {
                    LogWaiting(logger, SchemaMigrator.LatestVersion, null);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (attempt++ % 10 == 0)
                {
                    LogWaiting(logger, SchemaMigrator.LatestVersion, ex.Message);
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsReady
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Waiting for schema {SchemaMigrator.LatestVersion}: run `Worker migrate`."));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waiting for the schema to reach {Version} (run `Worker migrate`). {Error}")]
    private static partial void LogWaiting(ILogger logger, string version, string? error);
}
