namespace Shop.Tests.Infrastructure;

/// <summary>A private PostgreSQL cluster (initdb takes ~2 s): the shared one, and one of its own for a test that stops the database.</summary>
public sealed class OwnPostgres() : OwnServer("pg")
{
    private static readonly bool _isRoot = Environment.UserName == "root";
    private string DataDir => Path.Combine(Dir, "data");

    // The newest PostgreSQL that scripts/install.sh (or the machine) provides.
    private static readonly string _bin = Directory.GetDirectories("/usr/lib/postgresql")
        .Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl")))
        .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).Last();

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
            $"-p {Port} -k {Dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
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
        var path = Path.Combine(_bin, tool);
        return _isRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }
}
