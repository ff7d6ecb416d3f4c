namespace AppHost.LocalServers;

/// <summary>Creates the local PostgreSQL cluster once (initdb); later runs reuse its data.</summary>
internal static class PostgresCluster
{
    public static async Task EnsureAsync(string bin, string dataDir, ILogger log, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            return;
        }
        log.LogInformation("Creating a PostgreSQL cluster in {DataDir} (first run)", dataDir);
        Directory.CreateDirectory(dataDir);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        string[] initdb = [Path.Combine(bin, "initdb"), "-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (!LocalServerOptions.IsRoot)
        {
            await LocalTools.RunAsync(log, initdb[0], initdb[1..], ct);
            return;
        }
        await LocalTools.RunAsync(log, "chown", ["postgres:postgres", dataDir], ct);
        try
        {
            await LocalTools.RunAsync(log, "setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", .. initdb], ct);
        }
        catch (DistributedApplicationException)
        {
            throw new DistributedApplicationException(
                $"initdb failed in {dataDir}. The postgres user must be able to reach it: every parent directory needs o+x (e.g. not under /root).");
        }
    }
}
