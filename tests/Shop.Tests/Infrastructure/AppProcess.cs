extern alias WebHost;
extern alias WorkerHost;

using System.Diagnostics;
using System.Reflection;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// A real host binary as a child process: the Worker in a role such as `job &lt;name&gt;` (what a Container Apps job
/// runs) or as the long-running host, which a test can SIGKILL mid-work; or a second Web replica with a home of its own.
/// </summary>
public sealed class AppProcess(Process process, Task<string> stdout, Task<string> stderr) : IAsyncDisposable
{
    public static AppProcess Worker(IReadOnlyDictionary<string, string?> settings, params string[] args) =>
        Start(typeof(WorkerHost::Program).Assembly, "Worker", settings, null, args);

    public static async Task<(int ExitCode, string Output)> RunWorkerAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        await using var job = Worker(settings, args);
        return await job.WaitAsync();
    }

    /// <summary>Web on <paramref name="address"/>, with HOME set to <paramref name="home"/> so nothing on disk is shared with this process.</summary>
    public static AppProcess Web(IReadOnlyDictionary<string, string?> settings, Uri address, string home) =>
        Start(typeof(WebHost::Program).Assembly, "Web", settings, home, ["--urls", address.ToString()]);

    /// <remarks>
    /// The assembly this test process loaded, not a path under the project's bin/: what runs is what was built with
    /// the tests, never a stale build of another configuration. It runs from its project directory, like `dotnet run`,
    /// for its appsettings.json and static files.
    /// </remarks>
    private static AppProcess Start(Assembly app, string project, IReadOnlyDictionary<string, string?> settings, string? home, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(app.Location);
        psi.WorkingDirectory = Path.Combine(TestServers.RepoRoot, project);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        psi.Environment["DOTNET_ENVIRONMENT"] = psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        if (home is not null)
        {
            psi.Environment["HOME"] = home;
        }
        var process = Process.Start(psi)!;
        return new AppProcess(process, process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
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
