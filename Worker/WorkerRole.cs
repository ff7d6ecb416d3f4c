namespace Worker;

internal enum RoleKind { Default, Migrate, Job, Help, Invalid }

/// <summary>The command line picks the role; everything after the role word goes to the host.</summary>
internal sealed record WorkerRole(RoleKind Kind, string[] HostArgs, string? Error = null, string? Job = null)
{
    public const string Usage = """
        Usage: Worker [role] [host options]

        Roles:
          (none)     the long-running worker host (default): waits for the schema, serves /health and /alive,
             and hosts the queue consumers and the in-process job scheduler
          migrate    apply the database schema under an advisory lock, seed an empty catalog, then exit
                     (0 = success); `migrate --no-seed` skips the seed
          job <name> run one job once under its advisory lock, then exit
                     (0 succeeded, 1 failed, 2 unknown job, 3 already running elsewhere)
          --help     show this text

        Jobs (schedules: Jobs:<name>:Schedule, cron in UTC; Jobs:<name>:Enabled; Jobs:SchedulerEnabled):
          archive-orders   move final orders older than Archive:AfterDays (90) to the archive container
          sales-report     write a day's sales CSV to the reports container (--date yyyy-MM-dd, default yesterday)
          housekeeping     delete expired idempotency keys, processed-message records, old dead letters and job runs

        Host options are ASP.NET Core configuration switches, e.g. --urls http://127.0.0.1:5095.
        """;

    public static WorkerRole Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "-h"))
        {
            return new(RoleKind.Default, args);
        }
        return args[0] switch
        {
            "--help" or "-h" or "help" => new(RoleKind.Help, []),
            "migrate" => new(RoleKind.Migrate, args[1..]),
            "job" when args.Length > 1 && !args[1].StartsWith('-') => new(RoleKind.Job, args[2..], Job: args[1]),
            "job" => new(RoleKind.Invalid, [], "The job role needs a job name: Worker job <name>."),
            var other => new(RoleKind.Invalid, [], $"Unknown role '{other}'."),
        };
    }
}
