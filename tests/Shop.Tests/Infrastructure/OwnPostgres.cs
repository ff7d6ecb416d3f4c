namespace Shop.Tests.Infrastructure;

/// <summary>A private PostgreSQL cluster (initdb takes ~2 s) for tests that stop the database.</summary>
public sealed class OwnPostgres() : OwnServer("pg")
{
    private static readonly bool _isRoot = Environment.UserName == "root";
    private string DataDir => Path.Combine(Dir, "data");

    public string ConnectionString(string database = "postgres") => TestServers.PostgresConnectionString(database, Port);

    public override async Task StartAsync()
    {
        if (!Directory.Exists(DataDir))
        {
            if (_isRoot)
            {
                await RunAsync("chown", "postgres:postgres", Dir);
            }
            await AsPostgres("initdb", "-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        }
        await AsPostgres("pg_ctl", "-D", DataDir, "-l", Path.Combine(Dir, "pg.log"), "-w", "-o",
            $"-p {Port} -k {Dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    public override async Task StopAsync()
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            await AsPostgres("pg_ctl", "-D", DataDir, "-w", "-m", "fast", "stop");
        }
    }

    private static Task<string> AsPostgres(string tool, params string[] args)
    {
        var bin = Environment.GetEnvironmentVariable("SHOP_PG_BIN") ?? "/usr/lib/postgresql/15/bin";
        var path = Path.Combine(bin, tool);
        return _isRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }
}
