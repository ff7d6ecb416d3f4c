using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Jobs;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

/// <summary>
/// Evidence that the scheduler kept deciding: a job due every second, whose recorded runs count the scheduler's
/// passes. A test that asserts "nothing else ran" waits for a few of these instead of a fixed sleep.
/// </summary>
internal static class SchedulerTicks
{
    private const string Job = "ticker";

    private sealed class TickerJob : IJob
    {
        public Task<int> RunAsync(JobContext context, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    public static void AddTo(IServiceCollection services) => services.AddJob<TickerJob>(Job, "counts scheduler passes", "* * * * * *");

    /// <summary>Waits until the scheduler has started <paramref name="count"/> more ticker runs than it had when called.</summary>
    public static async Task WaitAsync(JobData data, int count = 3)
    {
        var start = await CountAsync(data);
        Assert.True(await Poll.UntilAsync(async () => await CountAsync(data) >= start + count, TimeSpan.FromSeconds(30)),
            "the scheduler stopped running due jobs");
    }

    private static async Task<int> CountAsync(JobData data)
    {
        await using var db = data.NewDbContext();
        return await db.JobRuns.CountAsync(r => r.Job == Job && r.Outcome == JobOutcome.Succeeded, TestContext.Current.CancellationToken);
    }
}
