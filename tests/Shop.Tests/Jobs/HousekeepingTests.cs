using Microsoft.EntityFrameworkCore;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Ordering;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

/// <summary>Housekeeping deletes what is past its retention, kind by kind, and not one row more.</summary>
public sealed class HousekeepingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Housekeeping_deletes_exactly_the_expired_rows_of_each_kind_and_keeps_the_rest()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var now = DateTimeOffset.UtcNow;
        // Each kind gets one row just past its retention (default settings) and one just inside it.
        await using (var db = data.NewDbContext())
        {
            db.IdempotencyKeys.AddRange(Key("expired", now.AddMinutes(-1)), Key("live", now.AddHours(1)));
            db.ProcessedMessages.AddRange(Processed(now.AddDays(-7.1)), Processed(now.AddDays(-6.9)));
            db.DeadLetters.AddRange(Letter("old", now.AddDays(-30.1)), Letter("recent", now.AddDays(-29.9)));
            db.JobRuns.AddRange(Run("old", now.AddDays(-90.1)), Run("recent", now.AddDays(-89.9)),
                // Not finished, however old: a requested run still waits for a Worker.
                new JobRun { Job = "sales-report", Trigger = JobTrigger.Manual, Outcome = JobOutcome.Requested, RequestedAt = now.AddDays(-200) });
            await db.SaveChangesAsync(Ct);
        }

        var (code, output) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "housekeeping");

        Assert.True(code == 0, output);
        Assert.Contains("4 item(s)", output);
        await using var check = data.NewDbContext();
        Assert.Equal(["live"], await check.IdempotencyKeys.Select(k => k.Key).ToListAsync(Ct));
        Assert.Equal(1, await check.ProcessedMessages.CountAsync(p => p.ProcessedAt > now.AddDays(-7), Ct));
        Assert.Equal(1, await check.ProcessedMessages.CountAsync(Ct));
        Assert.Equal(["recent"], await check.DeadLetters.Select(d => d.CorrelationId).ToListAsync(Ct));
        var runs = await check.JobRuns.Where(r => r.Job == "sales-report").Select(r => r.Error).ToListAsync(Ct);
        Assert.Equal([null, "recent"], runs.Order());
    }

    private static IdempotencyRecord Key(string key, DateTimeOffset expiresAt) => new()
    {
        Key = key, RequestHash = "h", StatusCode = 202, ResponseBody = "{}", CreatedAt = expiresAt.AddHours(-24), ExpiresAt = expiresAt,
    };

    private static ProcessedMessage Processed(DateTimeOffset at) => new() { Consumer = "test", MessageId = Guid.NewGuid(), ProcessedAt = at };

    private static DeadLetter Letter(string correlation, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(), Queue = "orders", Type = "OrderPlaced", Payload = "{}", CorrelationId = correlation,
        CreatedAt = at, DeliveryCount = 5, LastError = "boom", DeadLetteredAt = at,
    };

    private static JobRun Run(string error, DateTimeOffset finishedAt) => new()
    {
        Job = "sales-report", Trigger = JobTrigger.Schedule, Outcome = JobOutcome.Failed, Error = error,
        RequestedAt = finishedAt, StartedAt = finishedAt, FinishedAt = finishedAt,
    };
}
