using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shop.Data;
using Shop.Jobs;

namespace Api.Admin;

public sealed record JobRunDto(long Id, JobTrigger Trigger, JobOutcome Outcome, DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int ItemsProcessed, string? Error, string? Host);

public sealed record JobDto(string Name, string Description, string Schedule, bool Enabled, bool SchedulerEnabled,
    DateTimeOffset? NextRun, IReadOnlyList<JobRunDto> LastRuns);

public sealed record JobRunRequested(long RunId, string Job);

internal static class JobEndpoints
{
    public static RouteGroupBuilder MapJobs(this RouteGroupBuilder admin)
    {
        admin.MapGet("/jobs", ListAsync);
        admin.MapPost("/jobs/{name}/run", RequestRunAsync);
        return admin;
    }

    private static async Task<Ok<List<JobDto>>> ListAsync(JobCatalog catalog, ShopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var runs = await db.JobRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(500).ToListAsync(ct);
        return TypedResults.Ok(catalog.Jobs.Select(job => new JobDto(
            job.Name, job.Descriptor.Description, job.Expression, job.Enabled, catalog.SchedulerEnabled,
            job.Enabled && catalog.SchedulerEnabled ? job.NextAfter(now) : null,
            [.. runs.Where(r => r.Job == job.Name).Take(10).Select(r => new JobRunDto(
                r.Id, r.Trigger, r.Outcome, r.RequestedAt, r.StartedAt, r.FinishedAt, r.ItemsProcessed, r.Error, r.Host))]))
            .ToList());
    }

    /// <summary>Records the request; the Worker's scheduler starts it within a tick. A pending request is not doubled.</summary>
    private static async Task<Results<Accepted<JobRunRequested>, ProblemHttpResult>> RequestRunAsync(
        string name, JobCatalog catalog, ShopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (catalog.Find(name) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"There is no job '{name}'. Jobs: {string.Join(", ", catalog.Jobs.Select(j => j.Name))}.");
        }
        var pending = await db.JobRuns.Where(r => r.Job == name && r.Outcome == JobOutcome.Requested).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (pending is null)
        {
            var run = new JobRun { Job = name, Trigger = JobTrigger.Manual, Outcome = JobOutcome.Requested, RequestedAt = clock.GetUtcNow() };
            db.JobRuns.Add(run);
            await db.SaveChangesAsync(ct);
            pending = run.Id;
        }
        return TypedResults.Accepted((string?)null, new JobRunRequested(pending.Value, name));
    }
}
