extern alias ApiHost;
extern alias WorkerHost;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Shop.Jobs;
using Shop.Ordering;
using Shop.Storage;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;

namespace Shop.Tests.Jobs;

public sealed class JobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sales_report_has_the_expected_totals_and_the_same_bytes_on_a_rerun()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var day = new DateTimeOffset(2012, 3, 4, 0, 0, 0, TimeSpan.Zero);
        await data.AddOrderAsync(day.AddHours(1), OrderStatus.Confirmed, (2, "Stove, \"Glacier\"", 49.50m, 2), (1, "Tent", 199.00m, 1));
        await data.AddOrderAsync(day.AddHours(23), OrderStatus.Confirmed, (2, "Stove, \"Glacier\"", 49.50m, 1));
        await data.AddOrderAsync(day.AddHours(5), OrderStatus.Rejected, (1, "Tent", 199.00m, 5));
        await data.AddOrderAsync(day.AddDays(1), OrderStatus.Confirmed, (1, "Tent", 199.00m, 7));

        var (code, output) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "sales-report", "--date", "2012-03-04");
        Assert.True(code == 0, output);
        var blob = new BlobServiceClient(TestServers.BlobConnectionString()).GetBlobContainerClient(BlobContainers.Reports)
            .GetBlobClient("sales/2012-03-04.csv");
        var first = (await blob.DownloadContentAsync(Ct)).Value.Content.ToArray();

        string[] expected =
        [
            "item_id,item_name,orders,units,revenue_eur",
            "1,\"Tent\",1,1,199.00",
            "2,\"Stove, \"\"Glacier\"\"\",2,3,148.50",
            "total,,2,4,347.50",
        ];
        Assert.Equal(string.Join('\n', expected) + "\n", System.Text.Encoding.UTF8.GetString(first));
        (code, output) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "sales-report", "--date", "2012-03-04");
        Assert.True(code == 0, output);
        Assert.Equal(first, (await blob.DownloadContentAsync(Ct)).Value.Content.ToArray());
    }

    [Fact]
    public async Task Two_archive_jobs_started_at_once_one_runs_and_the_other_reports_it_is_already_running()
    {
        var data = new JobData();
        await data.InitializeAsync();
        await data.AddOrderAsync(DateTimeOffset.UtcNow.AddDays(-300), OrderStatus.Confirmed, (1, "Tent", 10m, 1));
        var settings = data.Settings();
        settings["Archive:PauseAfterUpload"] = "00:00:05"; // keeps the first run busy while the second starts

        await using var one = AppProcess.Worker(settings, "job", "archive-orders");
        await using var two = AppProcess.Worker(settings, "job", "archive-orders");
        var results = await Task.WhenAll(one.WaitAsync(), two.WaitAsync());

        Assert.Equal([0, 3], results.Select(r => r.ExitCode).Order());
        Assert.Contains("already running", results.Single(r => r.ExitCode == 3).Output);
        await using var db = data.NewDbContext();
        Assert.Equal(1, await db.JobRuns.CountAsync(r => r.Job == "archive-orders" && r.Outcome == JobOutcome.Succeeded, Ct));
    }

    [Fact]
    public async Task A_scheduled_job_runs_on_time_and_is_recorded_and_a_disabled_job_never_runs()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var settings = data.Settings();
        settings["Jobs:housekeeping:Schedule"] = "*/2 * * * * *"; // every two seconds
        settings["Jobs:sales-report:Schedule"] = "* * * * * *";
        settings["Jobs:sales-report:Enabled"] = "false";
        settings["Jobs:archive-orders:Enabled"] = "false";
        settings["Jobs:TickInterval"] = "00:00:00.200";

        await using (var worker = new HostFactory<WorkerHost::Program>(settings))
        {
            worker.StartOnLoopback();
            await ArchiveJobTests.WaitUntilAsync(async () => await CountAsync(data, "housekeeping", JobTrigger.Schedule, JobOutcome.Succeeded) >= 3, 30);
        }

        await using var db = data.NewDbContext();
        var runs = await db.JobRuns.Where(r => r.Job == "housekeeping").OrderBy(r => r.Id).ToListAsync(Ct);
        // Stopping the host may interrupt one last run: it is recorded as cancelled, not failed.
        Assert.All(runs.SkipLast(1), r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
        Assert.Contains(runs[^1].Outcome, new[] { JobOutcome.Succeeded, JobOutcome.Cancelled });
        Assert.All(runs, r => Assert.NotNull(r.FinishedAt));
        // On time: each run starts within one tick (200 ms) plus 400 ms of claiming after its even second, and no
        // occurrence runs twice.
        var occurrences = runs.Select(r => r.StartedAt!.Value.AddTicks(-(r.StartedAt.Value.UtcTicks % (2 * TimeSpan.TicksPerSecond)))).ToList();
        Assert.All(runs.Zip(occurrences), r => Assert.True(r.First.StartedAt!.Value - r.Second < TimeSpan.FromMilliseconds(600),
            $"started at {r.First.StartedAt:O}, {(r.First.StartedAt!.Value - r.Second).TotalMilliseconds} ms after {r.Second:O}"));
        Assert.Equal(occurrences.Count, occurrences.Distinct().Count());
        Assert.Equal(0, await db.JobRuns.CountAsync(r => r.Job == "sales-report", Ct));
    }

    [Fact]
    public async Task Runs_missed_while_no_Worker_was_up_are_caught_up_once()
    {
        var data = new JobData();
        await data.InitializeAsync();
        await using (var db = data.NewDbContext())
        {
            var fiveHoursAgo = DateTimeOffset.UtcNow.AddHours(-5);
            db.JobRuns.Add(new JobRun
            {
                Job = "housekeeping", Trigger = JobTrigger.Schedule, Outcome = JobOutcome.Succeeded,
                RequestedAt = fiveHoursAgo, StartedAt = fiveHoursAgo, FinishedAt = fiveHoursAgo,
            });
            await db.SaveChangesAsync(Ct);
        }
        var settings = data.Settings();
        settings["Jobs:housekeeping:Schedule"] = "0 * * * *"; // hourly: five occurrences were missed
        settings["Jobs:sales-report:Enabled"] = "false";
        settings["Jobs:archive-orders:Enabled"] = "false";
        settings["Jobs:TickInterval"] = "00:00:00.200";

        await using (var worker = new HostFactory<WorkerHost::Program>(settings, SchedulerTicks.AddTo))
        {
            worker.StartOnLoopback();
            await ArchiveJobTests.WaitUntilAsync(async () => await CountAsync(data, "housekeeping", JobTrigger.Schedule) >= 2, 30);
            await SchedulerTicks.WaitAsync(data); // passes enough for any further (wrong) catch-up run
        }

        Assert.Equal(2, await CountAsync(data, "housekeeping", JobTrigger.Schedule));
    }

    [Fact]
    public async Task The_admin_api_lists_jobs_and_a_triggered_run_is_started_by_the_Worker()
    {
        var data = new JobData();
        await data.InitializeAsync();
        var settings = data.Settings();
        settings["Admin:Token"] = OrderingStack.AdminToken;
        settings["Jobs:TickInterval"] = "00:00:00.200";
        await using var api = new HostFactory<ApiHost::Program>(settings);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", OrderingStack.AdminToken);

        var jobs = await client.GetFromJsonAsync<JsonElement>("/api/admin/jobs", Ct);
        Assert.Equal(["archive-orders", "housekeeping", "sales-report"], jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()));
        Assert.All(jobs.EnumerateArray(), j => Assert.True(j.GetProperty("nextRun").GetDateTimeOffset() > DateTimeOffset.UtcNow));
        Assert.Equal("0 3 * * *", jobs[0].GetProperty("schedule").GetString());
        using var unknown = await client.PostAsync("/api/admin/jobs/nope/run", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = await api.CreateClient().PostAsync("/api/admin/jobs/housekeeping/run", null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var requested = await client.PostAsync("/api/admin/jobs/housekeeping/run", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        settings["Jobs:SchedulerEnabled"] = "false"; // manual runs still work without schedules
        await using var worker = new HostFactory<WorkerHost::Program>(settings);
        worker.StartOnLoopback();

        await ArchiveJobTests.WaitUntilAsync(async () => await CountAsync(data, "housekeeping", JobTrigger.Manual, JobOutcome.Succeeded) == 1, 30);
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/admin/jobs", Ct);
        var run = listed.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "housekeeping").GetProperty("lastRuns")[0];
        Assert.Equal("Succeeded", run.GetProperty("outcome").GetString());
        Assert.Equal("Manual", run.GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task Worker_help_lists_the_jobs_and_an_unknown_job_exits_with_2()
    {
        var (help, helpOutput) = await AppProcess.RunWorkerAsync(new Dictionary<string, string?>(), "--help");
        Assert.Equal(0, help);
        Assert.Contains("job <name>", helpOutput);
        Assert.Contains("archive-orders", helpOutput);
        Assert.Contains("sales-report", helpOutput);
        Assert.Contains("housekeeping", helpOutput);

        var data = new JobData();
        await data.InitializeAsync();
        var (code, output) = await AppProcess.RunWorkerAsync(data.Settings(), "job", "nope");
        Assert.Equal(2, code);
        Assert.Contains("There is no job 'nope'", output);
    }

    [Theory]
    [InlineData("0 3 * * *", "2026-11-21T02:59:59Z", "2026-11-21T03:00:00Z")]
    [InlineData("0 3 * * *", "2026-11-21T03:00:00Z", "2026-11-22T03:00:00Z")]
    [InlineData("*/15 * * * *", "2026-11-21T10:07:00Z", "2026-11-21T10:15:00Z")]
    [InlineData("30 0 1 * *", "2026-11-21T00:00:00Z", "2026-12-01T00:30:00Z")]
    [InlineData("0 12 * * 1-5", "2026-11-21T13:00:00Z", "2026-11-23T12:00:00Z")] // Saturday -> Monday
    [InlineData("*/2 * * * * *", "2026-11-21T10:00:01Z", "2026-11-21T10:00:02Z")]
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    public void Cron_schedules_give_the_next_occurrence_in_UTC(string expression, string after, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            JobCatalog.ParseCron(expression).GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc));

    [Theory]
    [InlineData("* * * *")]
    [InlineData("60 * * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("a * * * *")]
    public void Bad_cron_expressions_are_refused(string expression) =>
        Assert.ThrowsAny<FormatException>(() => JobCatalog.ParseCron(expression));

    private static async Task<int> CountAsync(JobData data, string job, JobTrigger trigger, JobOutcome? outcome = null)
    {
        await using var db = data.NewDbContext();
        return await db.JobRuns.CountAsync(r => r.Job == job && r.Trigger == trigger && (outcome == null || r.Outcome == outcome), Ct);
    }
}
