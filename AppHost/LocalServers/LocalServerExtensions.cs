using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.LocalServers;

/// <summary>PostgreSQL, Redis and Azurite as executable resources: the local-servers column of DESIGN.md.</summary>
internal static class LocalServerExtensions
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string database, int? port, LocalServerOptions options)
    {
        var dataDir = Path.Combine(options.DataDirectory, "postgres");
        var server = Path.Combine(options.PostgresBin ?? "/usr/lib/postgresql/bin", "postgres");
        // PostgreSQL refuses to run as root: as root, setpriv execs the server as the postgres user.
        var resource = new LocalPostgresResource(name, LocalServerOptions.IsRoot ? "setpriv" : server, options.DataDirectory, database);
        var health = builder.AddHealthCheck(name, () => new Npgsql.NpgsqlConnectionStringBuilder
        {
            Host = LocalServerResource.Host, Port = resource.Endpoint.Port, Username = "postgres", Database = "postgres", Timeout = 3,
        }.ConnectionString, static async (connectionString, ct) =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
        });

        return builder.AddResource(resource)
            .WithEndpoint(targetPort: port, name: LocalServerResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                if (LocalServerOptions.IsRoot)
                {
                    context.Args.Add("--reuid=postgres");
                    context.Args.Add("--regid=postgres");
                    context.Args.Add("--init-groups");
                    context.Args.Add(server);
                }
                foreach (var arg in new[] { "-D", dataDir, "-c", "listen_addresses=" + LocalServerResource.Host, "-c", "unix_socket_directories=",
                    "-c", "max_connections=200", "-c", "shared_buffers=128MB", "-c", "log_min_messages=warning",
                    // Loaded so that `CREATE EXTENSION pg_stat_statements` shows where the database's time goes (bench/ does).
                    "-c", "shared_preload_libraries=pg_stat_statements", "-p" })
                {
                    context.Args.Add(arg);
                }
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(health)
            .OnBeforeResourceStarted(async (pg, e, ct) =>
            {
                var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(pg);
                LocalTools.Require(server, "PostgreSQL", "apt-get install -y postgresql (./run.sh does it)");
                LocalTools.RequireFreePort(name, port);
                await PostgresCluster.EnsureAsync(Path.GetDirectoryName(server)!, dataDir, log, ct);
                PostgresCluster.StopOnShutdown(e.Services, Path.GetDirectoryName(server)!, dataDir, log);
            });
    }

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, int? port, LocalServerOptions options)
    {
        var dataDir = Path.Combine(options.DataDirectory, "redis");
        var resource = new LocalRedisResource(name, LocalTools.OnPath("redis-server"), options.DataDirectory);
        var health = builder.AddHealthCheck(name, () => $"{LocalServerResource.Host}:{resource.Endpoint.Port}", LocalTools.TcpConnectAsync);
        // Redis holds only what can be rebuilt (cache, carts, keys): no snapshots, no append-only file.
        return builder.AddResource(resource)
            .WithEndpoint(targetPort: port, name: LocalServerResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                foreach (var arg in new[] { "--bind", LocalServerResource.Host, "--save", "", "--appendonly", "no", "--dir", dataDir, "--port" })
                {
                    context.Args.Add(arg);
                }
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(health)
            .OnBeforeResourceStarted((redis, e, ct) =>
            {
                LocalTools.Require(redis.Command, "redis-server", "apt-get install -y redis-server (./run.sh does it)");
                LocalTools.RequireFreePort(name, port);
                Directory.CreateDirectory(dataDir);
                return Task.CompletedTask;
            });
    }

    public static IResourceBuilder<LocalAzuriteResource> AddLocalAzurite(
        this IDistributedApplicationBuilder builder, string name, int? port, LocalServerOptions options)
    {
        // azurite/data: where ./run.sh kept blobs before the AppHost ran the servers, so existing images stay.
        var dataDir = Path.Combine(options.DataDirectory, "azurite", "data");
        var azurite = Path.Combine(options.ToolsDirectory, "azurite", "node_modules", ".bin", "azurite-blob");
        var resource = new LocalAzuriteResource(name, azurite, options.DataDirectory);
        var health = builder.AddHealthCheck(name, () => $"{LocalServerResource.Host}:{resource.Endpoint.Port}", LocalTools.TcpConnectAsync);
        return builder.AddResource(resource)
            .WithEndpoint(targetPort: port, name: LocalServerResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                // --silent: the access log (a console line per request) cost Azurite and the dashboard more CPU than the uploads.
                foreach (var arg in new[] { "--blobHost", LocalServerResource.Host, "--location", dataDir,
                    "--skipApiVersionCheck", "--loose", "--disableTelemetry", "--silent", "--blobPort" })
                {
                    context.Args.Add(arg);
                }
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(health)
            .OnBeforeResourceStarted((blob, e, ct) =>
            {
                LocalTools.Require(azurite, "Azurite", "scripts/install.sh installs it with npm (./run.sh runs it)");
                LocalTools.RequireFreePort(name, port);
                // Its working directory: in a new data directory, nothing else may have created it yet.
                Directory.CreateDirectory(dataDir);
                return Task.CompletedTask;
            });
    }

    /// <summary>Registers a check that is healthy once <paramref name="probe"/> succeeds against the target; returns its key.</summary>
    private static string AddHealthCheck(this IDistributedApplicationBuilder builder, string resource, Func<string> target,
        Func<string, CancellationToken, Task> probe)
    {
        var key = $"{resource}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async ct =>
        {
            try
            {
                await probe(target(), ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        });
        return key;
    }
}
