using Cronos;
using Microsoft.Extensions.Configuration;

namespace Shop.Jobs;

/// <summary>A job as configured: <c>Jobs:&lt;name&gt;:Schedule</c> (cron, UTC) and <c>Jobs:&lt;name&gt;:Enabled</c>.</summary>
public sealed record JobDefinition(JobDescriptor Descriptor, string Expression, CronExpression Schedule, bool Enabled)
{
    public string Name => Descriptor.Name;

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Schedule.GetNextOccurrence(after, TimeZoneInfo.Utc);
}

/// <summary>
/// Every registered job with its configuration. A bad cron expression fails at start-up with the key to fix,
/// not at 3 a.m. <c>Jobs:SchedulerEnabled=false</c> turns the in-process scheduler off (Azure Container Apps
/// scheduled jobs run <c>Worker job &lt;name&gt;</c> instead), leaving manual runs working.
/// </summary>
public sealed class JobCatalog
{
    public const string Section = "Jobs";

    public JobCatalog(IEnumerable<JobDescriptor> descriptors, IConfiguration configuration)
    {
        var jobs = configuration.GetSection(Section);
        SchedulerEnabled = jobs.GetValue("SchedulerEnabled", true);
        TickInterval = jobs.GetValue("TickInterval", TimeSpan.FromSeconds(1));
        Jobs = [.. descriptors.OrderBy(d => d.Name, StringComparer.Ordinal).Select(d =>
        {
            var section = jobs.GetSection(d.Name);
            var expression = section["Schedule"] ?? d.DefaultSchedule;
            try
            {
                return new JobDefinition(d, expression, ParseCron(expression), section.GetValue("Enabled", true));
            }
            catch (CronFormatException ex)
            {
                throw new InvalidOperationException($"{Section}:{d.Name}:Schedule '{expression}' is not a valid cron expression: {ex.Message}", ex);
            }
        })];
    }

    public IReadOnlyList<JobDefinition> Jobs { get; }
    public bool SchedulerEnabled { get; }
    public TimeSpan TickInterval { get; }

    public JobDefinition? Find(string name) => Jobs.FirstOrDefault(j => j.Name == name);

    /// <summary>Five fields (minute first), or six with seconds first.</summary>
    public static CronExpression ParseCron(string expression) => CronExpression.Parse(expression,
        expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
}
