using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Data;

namespace Shop.Jobs;

/// <summary>
/// The Worker's in-process scheduler. Each tick it starts runs requested through the admin API and, when
/// scheduling is on, every enabled job whose next occurrence after its last scheduled run has come. Since
/// "next" counts from the last run, occurrences missed while no Worker was up are caught up once, not
/// once each. A run interrupted by its host stopping or dying does not count, so its occurrence runs
/// again after a restart. Jobs run concurrently with each other, never with themselves (JobRunner's advisory lock).
/// </summary>
public sealed partial class JobScheduler(
    JobCatalog catalog, JobRunner runner, IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobScheduler> logger) : BackgroundService
{
    private readonly Dictionary<string, Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow();
        LogStarted(logger, catalog.SchedulerEnabled, string.Join(", ",
            catalog.Jobs.Select(j => $"{j.Name} '{j.Expression}'{(j.Enabled ? "" : " (disabled)")}")));
        using var timer = new PeriodicTimer(catalog.TickInterval, clock);
        do
        {
            try
            {
                await TickAsync(startedAt, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogTickFailed(logger, ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
        await Task.WhenAll(_running.Values);
    }

    private async Task TickAsync(DateTimeOffset startedAt, CancellationToken ct)
    {
        foreach (var done in _running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
        {
            _running.Remove(done);
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var requested = await db.JobRuns.AsNoTracking().Where(r => r.Outcome == JobOutcome.Requested)
            .OrderBy(r => r.Id).Select(r => new { r.Id, r.Job }).ToListAsync(ct);
        foreach (var run in requested.Where(r => !_running.ContainsKey(r.Job)))
        {
            Start(run.Job, () => runner.RunAsync(run.Job, JobTrigger.Manual, ct, requestedRunId: run.Id));
        }
        if (!catalog.SchedulerEnabled)
        {
            return;
        }
        var now = clock.GetUtcNow();
        var lastRuns = await db.JobRuns.AsNoTracking().Where(JobRun.HoldsItsOccurrence)
            .GroupBy(r => r.Job).Select(g => new { Job = g.Key, Last = g.Max(r => r.StartedAt) })
            .ToDictionaryAsync(g => g.Job, g => g.Last ?? startedAt, ct);
        foreach (var job in catalog.Jobs.Where(j => j.Enabled && !_running.ContainsKey(j.Name)))
        {
            var due = job.NextAfter(lastRuns.GetValueOrDefault(job.Name, startedAt));
            if (due <= now)
            {
                Start(job.Name, () => runner.RunAsync(job.Name, JobTrigger.Schedule, ct, dueAt: due));
            }
        }
    }

    private void Start(string job, Func<Task<RunResult>> run) => _running[job] = Task.Run(async () =>
    {
        try
        {
            await run();
        }
        catch (Exception ex)
        {
            LogRunCrashed(logger, ex, job);
        }
    });

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job scheduler started (schedules on: {SchedulerEnabled}): {Jobs}")]
    private static partial void LogStarted(ILogger logger, bool schedulerEnabled, string jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job scheduler tick failed, retrying next tick: {Error}")]
    private static partial void LogTickFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} crashed outside its run record")]
    private static partial void LogRunCrashed(ILogger logger, Exception exception, string job);
}
