extern alias WorkerHost;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Jobs;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

public sealed class JobShutdownTests
{
    private const string Job = "interruptible";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Blocks until cancelled while <see cref="Block"/> is set, like a long archive run caught by a deployment.</summary>
    private sealed class InterruptibleJob : IJob
    {
        public static volatile bool Block = true;

        public async Task<int> RunAsync(JobContext context, CancellationToken cancellationToken)
        {
            if (Block)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return 1;
        }
    }

    [Fact]
    public async Task A_run_stopped_by_its_host_is_recorded_as_cancelled_and_its_occurrence_runs_again_after_a_restart()
    {
        var data = new JobData();
        await data.InitializeAsync();
        await using (var db = data.NewDbContext())
        {
            // The previous hourly run was two hours ago, so one occurrence is due as soon as a Worker starts.
            var before = DateTimeOffset.UtcNow.AddHours(-2);
            db.JobRuns.Add(new JobRun
            {
                Job = Job, Trigger = JobTrigger.Schedule, Outcome = JobOutcome.Succeeded, RequestedAt = before, StartedAt = before, FinishedAt = before,
            });
            await db.SaveChangesAsync(Ct);
        }

        InterruptibleJob.Block = true;
        await using (var worker = StartWorker(data))
        {
            Assert.True(await Poll.UntilAsync(() => AnyAsync(data, JobOutcome.Running), TimeSpan.FromSeconds(30)), "the due run never started");
        }
        await using (var check = data.NewDbContext())
        {
            var stopped = await check.JobRuns.OrderBy(r => r.Id).LastAsync(r => r.Job == Job, Ct);
            Assert.Equal(JobOutcome.Cancelled, stopped.Outcome);
            Assert.NotNull(stopped.FinishedAt);
            Assert.Contains("host shut down", stopped.Error, StringComparison.Ordinal);
        }

        InterruptibleJob.Block = false;
        await using (var worker = StartWorker(data))
        {
            Assert.True(await Poll.UntilAsync(() => AnyAsync(data, JobOutcome.Succeeded, after: 1), TimeSpan.FromSeconds(30)),
                "the interrupted occurrence was not run again");
            await SchedulerTicks.WaitAsync(data); // three more passes of the scheduler, any of which would start a wrong extra run
        }
        await using var final = data.NewDbContext();
        var outcomes = await final.JobRuns.Where(r => r.Job == Job).OrderBy(r => r.Id).Select(r => r.Outcome).ToListAsync(Ct);
        Assert.Equal([JobOutcome.Succeeded, JobOutcome.Cancelled, JobOutcome.Succeeded], outcomes);
    }

    [Fact]
    public async Task Worker_job_stopped_by_SIGTERM_records_a_cancelled_run_exits_1_and_the_next_run_finishes_the_archive()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var (day, ids) = await data.AddConfirmedOrdersOnOwnDayAsync(2003, 3);
        var settings = data.Settings();
        settings["Archive:PauseAfterUpload"] = "00:01:00";

        await using (var job = AppProcess.Worker(settings, "job", "archive-orders"))
        {
            await ArchiveJobTests.WaitUntilAsync(async () => (await ArchiveJobTests.ListAsync(day)).Count > 0);
            await job.TerminateAsync();
            var (code, output) = await job.WaitAsync();
            Assert.True(code == 1, output);
            Assert.Contains("was stopped before it finished", output, StringComparison.Ordinal);
        }
        await using (var db = data.NewDbContext())
        {
            Assert.Equal(JobOutcome.Cancelled, (await db.JobRuns.SingleAsync(r => r.Job == "archive-orders", Ct)).Outcome);
            Assert.Equal(3, await db.Orders.CountAsync(Ct)); // uploaded, but stopped before the delete
        }
        settings.Remove("Archive:PauseAfterUpload");

        var (again, againOutput) = await AppProcess.RunWorkerAsync(settings, "job", "archive-orders");

        Assert.True(again == 0, againOutput);
        await using var check = data.NewDbContext();
        Assert.Equal(0, await check.Orders.CountAsync(Ct));
        Assert.Equal(ids.Order(), (await ArchiveJobTests.ReadAsync(await ArchiveJobTests.ListAsync(day))).Select(r => r.Id).Order());
    }

    private static HostFactory<WorkerHost::Program> StartWorker(JobData data)
    {
        var settings = data.Settings();
        foreach (var job in new[] { "archive-orders", "sales-report", "housekeeping" })
        {
            settings[$"Jobs:{job}:Enabled"] = "false";
        }
        settings["Jobs:TickInterval"] = "00:00:00.200";
        var worker = new HostFactory<WorkerHost::Program>(settings, services =>
        {
            services.AddJob<InterruptibleJob>(Job, "test job", "0 * * * *");
            SchedulerTicks.AddTo(services);
        });
        worker.StartOnLoopback();
        return worker;
    }

    /// <summary>Whether a run of the test job with this outcome exists beyond the first <paramref name="after"/> runs.</summary>
    private static async Task<bool> AnyAsync(JobData data, JobOutcome outcome, int after = 0)
    {
        await using var db = data.NewDbContext();
        return await db.JobRuns.Where(r => r.Job == Job).OrderBy(r => r.Id).Skip(after).AnyAsync(r => r.Outcome == outcome, Ct);
    }
}
