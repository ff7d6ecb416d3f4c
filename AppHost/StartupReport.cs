using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Shop;

namespace AppHost;

/// <summary>
/// The terminal's view of a run: the shop's URL once every host is healthy, and any resource that fails to start
/// or exits with an error, with the last lines of its log. The dashboard shows the same, with everything else.
/// </summary>
internal sealed partial class StartupReport(
    ResourceNotificationService notifications, ResourceLoggerService logs,
    ILogger<StartupReport> logger) : BackgroundService
{
    private static readonly string[] _hosts = [ResourceNames.Api, ResourceNames.Worker, ResourceNames.Web];
    private readonly HashSet<string> _healthy = [];
    private readonly HashSet<string> _reported = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        await foreach (var e in notifications.WatchAsync(stoppingToken))
        {
            var state = e.Snapshot.State?.Text;
            var failed = state == KnownResourceStates.FailedToStart
                || (state is not null && KnownResourceStates.TerminalStates.Contains(state) && e.Snapshot.ExitCode is not (null or 0));
            if (failed && _reported.Add(e.Resource.Name))
            {
                LogFailed(logger, e.Resource.Name, state!, e.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none",
                    string.Join(Environment.NewLine + "    ", await LastLinesAsync(e.Resource, stoppingToken)));
            }
            if (_hosts.Contains(e.Resource.Name) && e.Snapshot.HealthStatus == HealthStatus.Healthy && _healthy.Add(e.Resource.Name)
                && _healthy.Count == _hosts.Length)
            {
                var web = e.Resource.Name == ResourceNames.Web ? e.Snapshot : null;
                var url = (web ?? (await notifications.WaitForResourceAsync(ResourceNames.Web, _ => true, stoppingToken)).Snapshot)
                    .Urls.FirstOrDefault(u => !u.IsInternal)?.Url;
                LogReady(logger, clock.Elapsed.TotalSeconds, url ?? "(see the dashboard)");
            }
        }
    }

    /// <summary>
    /// The reason from the resource's log: the lines after its last error (`fail:`/`crit:`, or any line when there is
    /// none), without timestamps and stack frames, at most five.
    /// </summary>
    private async Task<string[]> LastLinesAsync(IResource resource, CancellationToken ct)
    {
        // The state change can arrive before the process's last output has been collected.
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        var lines = new List<string>();
        await foreach (var batch in logs.GetAllAsync(resource).WithCancellation(ct))
        {
            lines.AddRange(batch.Select(l => Noise().Replace(l.Content, "")).Where(l =>
                !string.IsNullOrWhiteSpace(l) && !l.StartsWith("[sys]", StringComparison.Ordinal) && !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)));
        }
        var error = lines.FindLastIndex(l => l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal));
        return [.. (error >= 0 ? lines.Skip(error) : lines.TakeLast(5)).Take(5)];
    }

    /// <summary>The timestamp the log collector adds, and the colour codes of the console logger.</summary>
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z |\x1b\[[0-9;]*m")]
    private static partial Regex Noise();

    [LoggerMessage(Level = LogLevel.Error, Message = "Resource {Resource} {State} (exit code {ExitCode}). Its last log lines:\n    {Lines}")]
    private static partial void LogFailed(ILogger logger, string resource, string state, string exitCode, string lines);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shop is up: Api, Worker and Web are healthy after {Seconds:0.0} s. Shop: {WebUrl}")]
    private static partial void LogReady(ILogger logger, double seconds, string webUrl);
}

internal static class StartupReportExtensions
{
    public static IDistributedApplicationBuilder AddStartupReport(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Services.AddHostedService<StartupReport>();
        }
        return builder;
    }
}
