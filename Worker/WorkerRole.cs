namespace Worker;

internal enum RoleKind { Default, Migrate, Help, Invalid }

/// <summary>The command line picks the role; everything after the role word goes to the host.</summary>
internal sealed record WorkerRole(RoleKind Kind, string[] HostArgs, string? Error = null)
{
    public const string Usage = """
        Usage: Worker [role] [host options]

        Roles:
          (none)     the long-running worker host (default): waits for the schema, serves /health and /alive,
             and hosts the queue consumers and the in-process job scheduler
          migrate    apply the database schema under an advisory lock, seed an empty catalog, then exit
                     (0 = success); `migrate --no-seed` skips the seed
          --help     show this text

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
            var other => new(RoleKind.Invalid, [], $"Unknown role '{other}'."),
        };
    }
}
