extern alias WorkerHost;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Jobs;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

public sealed class JobShutdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Runs until it is cancelled, like a long archive run caught by a deployment.</summary>
    private sealed class UntilCancelledJob : IJob
    {
        public async Task<int> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    [Fact]
    public async Task A_run_interrupted_by_the_host_stopping_is_recorded_as_cancelled_not_failed()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var settings = data.Settings();
        foreach (var job in new[] { "archive-orders", "sales-report", "housekeeping" })
        {
            settings[$"Jobs:{job}:Enabled"] = "false";
        }
        settings["Jobs:TickInterval"] = "00:00:00.200";

        await using (var worker = new HostFactory<WorkerHost::Program>(settings,
            services => services.AddJob<UntilCancelledJob>("until-cancelled", "test job", "* * * * * *")))
        {
            worker.StartOnLoopback();
            Assert.True(await Poll.UntilAsync(async () =>
            {
                await using var db = data.NewDbContext();
                return await db.JobRuns.AnyAsync(r => r.Job == "until-cancelled" && r.Outcome == JobOutcome.Running, Ct);
            }, TimeSpan.FromSeconds(30)), "the test job never started");
        }

        await using var check = data.NewDbContext();
        var run = await check.JobRuns.SingleAsync(r => r.Job == "until-cancelled", Ct);
        Assert.Equal(JobOutcome.Cancelled, run.Outcome);
        Assert.NotNull(run.FinishedAt);
        Assert.Contains("host shut down", run.Error, StringComparison.Ordinal);
    }
}
