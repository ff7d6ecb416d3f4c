using System.Runtime.InteropServices;

namespace AppHost.LocalServers;

/// <summary>
/// Section <c>LocalServers</c> of the AppHost's configuration: where the servers keep their data and find their
/// binaries.
/// </summary>
internal sealed record LocalServerOptions(string DataDirectory, string ToolsDirectory, string? PostgresBin)
{
    public const string Section = "LocalServers";

    public static LocalServerOptions From(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        var local = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".local"));
        return new(
            DataDirectory: Path.GetFullPath(section["DataDirectory"] ?? local),
            // Installed by scripts/install.sh (npm), shared by run and test data directories.
            ToolsDirectory: Path.GetFullPath(section["ToolsDirectory"] ?? Path.Combine(local, "tools")),
            PostgresBin: section["PostgresBin"] ?? NewestPostgresBin());
    }

    public static bool IsRoot => RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Environment.UserName == "root";

    private static string? NewestPostgresBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .LastOrDefault()
            : null;
}
