using System.Diagnostics;
using System.Reflection;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// The real Worker binary as a child process: a role such as `job &lt;name&gt;` (what a Container Apps job runs)
/// or the long-running host, which a test can SIGKILL mid-work.
/// </summary>
public sealed class WorkerProcess(Process process, Task<string> stdout, Task<string> stderr) : IAsyncDisposable
{
    private static readonly string _configuration =
        typeof(WorkerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static WorkerProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The Worker built with these tests (same configuration), run from its project directory like `dotnet run`.
        psi.ArgumentList.Add(Path.Combine(TestServers.RepoRoot, "Worker", "bin", _configuration, "net10.0", "Worker.dll"));
        psi.WorkingDirectory = Path.Combine(TestServers.RepoRoot, "Worker");
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        psi.Environment["DOTNET_ENVIRONMENT"] = psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(psi)!;
        return new WorkerProcess(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        await using var job = Start(settings, args);
        return await job.WaitAsync();
    }

    public async Task<(int ExitCode, string Output)> WaitAsync()
    {
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>SIGTERM, as Container Apps sends when a job times out or a node drains.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGKILL: no finally block, no shutdown hook runs.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }
        process.Dispose();
    }
}
