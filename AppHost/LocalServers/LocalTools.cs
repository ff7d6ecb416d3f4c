using System.Diagnostics;
using System.Net.Sockets;

namespace AppHost.LocalServers;

internal static class LocalTools
{
    /// <summary>The full path of <paramref name="tool"/> on PATH, or the bare name (then <see cref="Require"/> explains).</summary>
    public static string OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists) ?? tool;

    /// <summary>Fails the resource's start with a message that names the tool and how to install it.</summary>
    public static void Require(string path, string what, string install)
    {
        if (!File.Exists(path))
        {
            throw new DistributedApplicationException($"{what} is not installed ({path} not found): {install}.");
        }
    }

    /// <summary>Fails the resource's start when its fixed port is taken, instead of a bind error deep in its log.</summary>
    public static void RequireFreePort(string resource, int? port)
    {
        if (port is not { } fixedPort)
        {
            return;
        }
        try
        {
            var listener = new TcpListener(System.Net.IPAddress.Loopback, fixedPort);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException)
        {
            throw new DistributedApplicationException(
                $"Port {fixedPort} for {resource} is already in use by another process: stop it, or choose another port with Ports:{resource} (e.g. --Ports:{resource}=...).");
        }
    }

    public static async Task TcpConnectAsync(string hostAndPort, CancellationToken ct)
    {
        var colon = hostAndPort.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(hostAndPort[..colon], int.Parse(hostAndPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), ct);
    }

    /// <summary>Runs a tool to completion, its output going to the resource's log; a non-zero exit fails the start.</summary>
    public static async Task RunAsync(ILogger log, string file, IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new DistributedApplicationException($"Could not start {file}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { log.LogInformation("{Line}", line); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { log.LogWarning("{Line}", line); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new DistributedApplicationException($"{Path.GetFileName(file)} failed with exit code {process.ExitCode} (its output is above).");
        }
    }
}
