using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests;

/// <summary>
/// The real AppHost in local-servers mode (PostgreSQL, Redis and Azurite as processes, no container engine), with its
/// data in a throwaway directory and, by Aspire.Hosting.Testing's default, free ports.
/// </summary>
public sealed class ShopApp : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public const string DashboardApiKey = "apphost-tests-dashboard-key";

    private readonly string _dataDir;

    private ShopApp(DistributedApplication app, string dataDir, AppHostLog log)
    {
        App = app;
        _dataDir = dataDir;
        Log = log;
    }

    public DistributedApplication App { get; }

    /// <summary>What the AppHost wrote to its own log (the terminal, under ./run.sh).</summary>
    public AppHostLog Log { get; }

    /// <summary>Builds and starts the AppHost; <paramref name="configure"/> may change the model before it starts.</summary>
    public static async Task<ShopApp> StartAsync(IEnumerable<string>? args = null, bool dashboard = false,
        Action<IDistributedApplicationTestingBuilder>? configure = null, CancellationToken ct = default)
    {
        var dataDir = Directory.CreateTempSubdirectory("shop-apphost-").FullName;
        // PostgreSQL runs as the postgres user when the tests run as root: it must reach its data directory.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDir, (UnixFileMode)0b111_101_101);
        }
        string[] allArgs = [$"--LocalServers:DataDirectory={dataDir}", "--AppHost:Servers=Local",
            $"--AppHost:DashboardApiKey={DashboardApiKey}", .. args ?? []];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = dashboard }, allArgs, ct);
        var log = new AppHostLog();
        builder.Services.AddLogging(logging => logging.AddProvider(log));
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(ct);
        var shop = new ShopApp(app, dataDir, log);
        await app.StartAsync(ct);
        return shop;
    }

    /// <summary>Waits until the resource reaches a terminal state or a final health, and returns that snapshot.</summary>
    public async Task<CustomResourceSnapshot> WaitForEndOrHealthyAsync(string resource, CancellationToken ct) =>
        (await App.ResourceNotifications.WaitForResourceAsync(resource, e =>
            e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            || e.Snapshot.State?.Text is { } state && (KnownResourceStates.TerminalStates.Contains(state) || state == KnownResourceStates.FailedToStart), ct)).Snapshot;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Throwaway data; a server may still be closing a file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Keeps the AppHost's own log lines, as a terminal would show them.</summary>
public sealed class AppHostLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(AppHostLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
