using System.Linq.Expressions;
using System.Text.Json.Serialization;

namespace Shop.Jobs;

[JsonConverter(typeof(JsonStringEnumConverter<JobOutcome>))]
public enum JobOutcome { Requested, Running, Succeeded, Failed, Abandoned, Cancelled }

[JsonConverter(typeof(JsonStringEnumConverter<JobTrigger>))]
public enum JobTrigger { Schedule, Manual, Command }

/// <summary>One row per run: when, why, how it ended, how much it did.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string Job { get; set; }
    public JobTrigger Trigger { get; set; }
    public JobOutcome Outcome { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int ItemsProcessed { get; set; }
    public string? Error { get; set; }
    public string? Host { get; set; }

    /// <summary>
    /// Scheduled runs that count for their occurrence. One interrupted by its host stopping or dying did
    /// not do its work, so the occurrence stays owed and the next tick runs it again (once).
    /// </summary>
    public static readonly Expression<Func<JobRun, bool>> HoldsItsOccurrence = r =>
        r.Trigger == JobTrigger.Schedule && r.StartedAt != null && r.Outcome != JobOutcome.Cancelled && r.Outcome != JobOutcome.Abandoned;
}
