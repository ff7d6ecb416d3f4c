using Shop.Jobs;

namespace Worker;

/// <summary>
/// `Worker job &lt;name&gt; [--key value]`: runs one job once and exits, as Azure Container Apps scheduled jobs
/// and Kubernetes CronJobs expect. Exit codes: 0 succeeded, 1 failed, 2 unknown job, 3 already running elsewhere.
/// </summary>
internal static class JobRole
{
    public const int Failed = 1, Unknown = 2, AlreadyRunning = 3;

    public static async Task<int> RunAsync(string name, string[] args)
    {
        var (jobArgs, hostArgs) = Split(args);
        var builder = OneShotHost.CreateBuilder(hostArgs);
        builder.AddShopJobs();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // SIGTERM (a Container Apps job hitting its timeout, a node drain) stops the run cleanly and records it.
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var result = await host.Services.GetRequiredService<JobRunner>().RunAsync(name, JobTrigger.Command, stopping, arguments: jobArgs);
            var (code, message) = result.Status switch
            {
                RunStatus.Succeeded => (0, $"Job {name} succeeded (run {result.RunId}): {result.Items} item(s) processed."),
                RunStatus.AlreadyRunning => (AlreadyRunning, $"Job {name} is already running elsewhere; this run did nothing."),
                RunStatus.Cancelled => (Failed, $"Job {name} was stopped before it finished (run {result.RunId}); the next run finishes the work."),
                RunStatus.Unknown => (Unknown, $"{result.Error} Jobs: {string.Join(", ", host.Services.GetRequiredService<JobCatalog>().Jobs.Select(j => j.Name))}."),
                _ => (Failed, $"Job {name} failed (run {result.RunId}): {result.Error}"),
            };
            await (code == 0 ? Console.Out : Console.Error).WriteLineAsync(message);
            return code;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Job options are --key value pairs not known to the host (`--date 2026-11-20`); the rest is host configuration.</summary>
    private static (Dictionary<string, string> Job, string[] Host) Split(string[] args)
    {
        var job = new Dictionary<string, string>();
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--date" && i + 1 < args.Length)
            {
                job["date"] = args[++i];
            }
            else
            {
                host.Add(args[i]);
            }
        }
        return (job, [.. host]);
    }
}
