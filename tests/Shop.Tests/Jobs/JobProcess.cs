using System.Diagnostics;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

/// <summary>`Worker job &lt;name&gt;` as a real child process: what a Container Apps job or CronJob runs.</summary>
public sealed class JobProcess(Process process, Task<string> stdout, Task<string> stderr) : IAsyncDisposable
{
    public static JobProcess Start(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(TestServers.RepoRoot, "Worker", "bin", "Release", "net10.0", "Worker.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = Process.Start(psi)!;
        return new JobProcess(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
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
