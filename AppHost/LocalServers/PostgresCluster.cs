namespace AppHost.LocalServers;

/// <summary>Creates the local PostgreSQL cluster once (initdb); later runs reuse its data.</summary>
internal static class PostgresCluster
{
    /// <summary>
    /// A fast shutdown (a checkpoint, clients disconnected) when the AppHost stops, before the orchestrator stops the
    /// process: its own stop left the server to crash recovery at the next start.
    /// </summary>
    public static void StopOnShutdown(IServiceProvider services, string bin, string dataDir, ILogger log)
    {
        var lifetime = services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>();
        lifetime.ApplicationStopping.Register(() =>
        {
            string[] stop = [Path.Combine(bin, "pg_ctl"), "-D", dataDir, "-m", "fast", "-w", "-t", "20", "stop"];
            try
            {
                // pg_ctl refuses root, like the server.
                var run = LocalServerOptions.IsRoot
                    ? LocalTools.RunAsync(log, "setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", .. stop], CancellationToken.None)
                    : LocalTools.RunAsync(log, stop[0], stop[1..], CancellationToken.None);
                run.GetAwaiter().GetResult();
            }
            catch (DistributedApplicationException ex)
            {
                log.LogWarning("PostgreSQL did not stop cleanly: {Reason}", ex.Message);
            }
        });
    }

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
