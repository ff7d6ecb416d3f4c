using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Shop.Data;

namespace Shop.Jobs;

public enum RunStatus { Succeeded, Failed, Cancelled, AlreadyRunning, AlreadyDone, Unknown }

public sealed record RunResult(RunStatus Status, long? RunId = null, int Items = 0, string? Error = null);

/// <summary>
/// Runs one job once under a PostgreSQL advisory lock, so only one replica runs it at a time; the lock
/// belongs to a connection, so a replica that dies releases it. Every run is recorded in job_runs.
/// </summary>
public sealed partial class JobRunner(
    NpgsqlDataSource dataSource, IServiceScopeFactory scopes, JobCatalog catalog, TimeProvider clock, ILogger<JobRunner> logger)
{
    /// <param name="requestedRunId">A run requested through the admin API; it becomes this run's record.</param>
    /// <param name="dueAt">For scheduled runs: skip if another replica already ran this occurrence.</param>
    public async Task<RunResult> RunAsync(string name, JobTrigger trigger, CancellationToken ct,
        long? requestedRunId = null, DateTimeOffset? dueAt = null, IReadOnlyDictionary<string, string>? arguments = null)
    {
        if (catalog.Find(name) is not { } job)
        {
            return new RunResult(RunStatus.Unknown, Error: $"There is no job '{name}'.");
        }
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        if (!await ScalarAsync<bool>(lockConnection, "SELECT pg_try_advisory_lock(hashtext('shop-job'), hashtext(@name))", name, ct))
        {
            LogAlreadyRunning(logger, name);
            return new RunResult(RunStatus.AlreadyRunning);
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            // Holding the lock proves that no run of this job is alive: earlier "Running" rows died with their host.
            await db.JobRuns.Where(r => r.Job == name && r.Outcome == JobOutcome.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, JobOutcome.Abandoned), ct);
            if (dueAt is { } due && await db.JobRuns.Where(JobRun.HoldsItsOccurrence).AnyAsync(r => r.Job == name && r.StartedAt >= due, ct))
            {
                return new RunResult(RunStatus.AlreadyDone);
            }
            var run = await StartRecordAsync(db, name, trigger, requestedRunId, ct);
            return await ExecuteAsync(db, job, run, arguments ?? new Dictionary<string, string>(), ct);
        }
        finally
        {
            await ScalarAsync<bool>(lockConnection, "SELECT pg_advisory_unlock(hashtext('shop-job'), hashtext(@name))", name, CancellationToken.None);
        }
    }

    private async Task<RunResult> ExecuteAsync(ShopDbContext db, JobDefinition job, JobRun run,
        IReadOnlyDictionary<string, string> arguments, CancellationToken ct)
    {
        using var activity = ShopTelemetry.Source.StartActivity($"job {job.Name}");
        activity?.SetTag("shop.job.name", job.Name);
        activity?.SetTag("shop.job.run_id", run.Id);
        try
        {
            // Its own scope: the job's DbContext must not share a change tracker with the run record.
            await using var jobScope = scopes.CreateAsyncScope();
            var instance = (IJob)jobScope.ServiceProvider.GetRequiredService(job.Descriptor.Type);
            var items = await instance.RunAsync(new JobContext(run.Id, arguments, run.StartedAt!.Value), ct);
            await FinishAsync(db, run, JobOutcome.Succeeded, items, null);
            LogSucceeded(logger, job.Name, run.Id, items);
            return new RunResult(RunStatus.Succeeded, run.Id, items);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The host is stopping: not a failure of the job. Each job is safe to re-run, so the next run finishes the work.
            const string stopped = "Stopped because the host shut down; the next run finishes the work.";
            await FinishAsync(db, run, JobOutcome.Cancelled, 0, stopped);
            LogCancelled(logger, job.Name, run.Id);
            return new RunResult(RunStatus.Cancelled, run.Id, Error: stopped);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await FinishAsync(db, run, JobOutcome.Failed, 0, error.Length > 4000 ? error[..4000] : error);
            LogFailed(logger, ex, job.Name, run.Id);
            return new RunResult(RunStatus.Failed, run.Id, Error: error);
        }
    }

    private async Task<JobRun> StartRecordAsync(ShopDbContext db, string name, JobTrigger trigger, long? requestedRunId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var run = requestedRunId is { } id ? await db.JobRuns.SingleOrDefaultAsync(r => r.Id == id && r.Outcome == JobOutcome.Requested, ct) : null;
        if (run is null)
        {
            run = new JobRun { Job = name, Trigger = trigger, RequestedAt = now };
            db.JobRuns.Add(run);
        }
        run.Outcome = JobOutcome.Running;
        run.StartedAt = now;
        run.Host = Environment.MachineName;
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>Recorded even when the run was cancelled, so job_runs never shows a finished run as running.</summary>
    private async Task FinishAsync(ShopDbContext db, JobRun run, JobOutcome outcome, int items, string? error)
    {
        run.Outcome = outcome;
        run.FinishedAt = clock.GetUtcNow();
        run.ItemsProcessed = items;
        run.Error = error;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or NpgsqlException or InvalidOperationException)
        {
            LogRecordFailed(logger, run.Job, run.Id, ex.Message);
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} is already running elsewhere; this run is skipped")]
    private static partial void LogAlreadyRunning(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} run {RunId} succeeded: {Items} item(s)")]
    private static partial void LogSucceeded(ILogger logger, string job, long runId, int items);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {Job} run {RunId} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} run {RunId} was stopped by the host shutting down")]
    private static partial void LogCancelled(ILogger logger, string job, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the end of job {Job} run {RunId}: {Error}")]
    private static partial void LogRecordFailed(ILogger logger, string job, long runId, string error);
}
