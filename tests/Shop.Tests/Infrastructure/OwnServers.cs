using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// Real servers on a free port with throwaway data: the shared ones (<see cref="TestServers"/>), and private ones a test
/// can stop and restart without disturbing the others. Binaries come from what scripts/install.sh installed.
/// </summary>
public abstract class OwnServer(string kind) : IAsyncDisposable
{
    public int Port { get; } = FreePort();
    protected string Dir { get; } = Directory.CreateTempSubdirectory($"shop-{kind}-").FullName;

    public abstract Task StartAsync();
    public abstract Task StopAsync();

    public virtual async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is throwaway.
        }
    }

    protected async Task WaitForPortAsync(bool open)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (IsOpen() == open)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Port {Port} did not become {(open ? "open" : "closed")} in 30 s.");
    }

    private bool IsOpen()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected static async Task<string> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
        return await stdout;
    }
}

public sealed class OwnRedis() : OwnServer("redis")
{
    public string ConnectionString => TestServers.RedisConnectionString(Port);

    public override async Task StartAsync()
    {
        await RunAsync("redis-server", "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "yes", "--pidfile", Path.Combine(Dir, "redis.pid"), "--logfile", Path.Combine(Dir, "redis.log"), "--dir", Dir);
        await WaitForPortAsync(open: true);
    }

    public override async Task StopAsync()
    {
        try
        {
            await RunAsync("redis-cli", "-p", Port.ToString(), "shutdown", "nosave");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        await WaitForPortAsync(open: false);
    }
}

public sealed class OwnAzurite() : OwnServer("azurite")
{
    private Process? _process;

    public string ConnectionString => TestServers.BlobConnectionString(Port);

    public override async Task StartAsync()
    {
        var bin = Path.Combine(TestServers.RepoRoot, ".local", "tools", "azurite", "node_modules", ".bin", "azurite-blob");
        var psi = new ProcessStartInfo(bin) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(), "--location", Dir, "--skipApiVersionCheck", "--loose", "--silent" })
        {
            psi.ArgumentList.Add(arg);
        }
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPortAsync(open: true);
    }

    public override async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
        await WaitForPortAsync(open: false);
    }
}
