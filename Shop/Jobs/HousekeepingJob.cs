using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Catalog.Images;
using Shop.Data;

namespace Shop.Jobs;

/// <summary>Section <c>Housekeeping</c>; dead letters use <c>DeadLetters:RetainDays</c>.</summary>
public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    /// <summary>Longer than any redelivery can arrive late, so deduplication never forgets a message too early.</summary>
    [Range(1, 3650)]
    public int ProcessedMessagesRetainDays { get; set; } = 7;

    [Range(1, 3650)]
    public int DeadLettersRetainDays { get; set; } = 30;

    [Range(1, 3650)]
    public int JobRunsRetainDays { get; set; } = 90;
}

/// <summary>
/// Deletes what has served its purpose: expired idempotency keys, old processed-message records, old dead letters
/// and job runs, and replaced images past their grace period (<c>Images:ReplacedRetention</c>).
/// </summary>
public sealed class HousekeepingJob(ShopDbContext db, ReplacedImages images, IOptions<HousekeepingOptions> options) : IJob
{
    public async Task<int> RunAsync(JobContext context, CancellationToken ct)
    {
        var settings = options.Value;
        var now = context.Now;
        var keys = await db.IdempotencyKeys.Where(k => k.ExpiresAt < now).ExecuteDeleteAsync(ct);
        var processedBefore = now.AddDays(-settings.ProcessedMessagesRetainDays);
        var processed = await db.ProcessedMessages.Where(p => p.ProcessedAt < processedBefore).ExecuteDeleteAsync(ct);
        var lettersBefore = now.AddDays(-settings.DeadLettersRetainDays);
        var letters = await db.DeadLetters.Where(d => d.DeadLetteredAt < lettersBefore).ExecuteDeleteAsync(ct);
        var runsBefore = now.AddDays(-settings.JobRunsRetainDays);
        var runs = await db.JobRuns.Where(r => r.FinishedAt != null && r.FinishedAt < runsBefore).ExecuteDeleteAsync(ct);
        var replaced = await images.DeleteExpiredAsync(now, ct);
        return keys + processed + letters + runs + replaced;
    }
}
