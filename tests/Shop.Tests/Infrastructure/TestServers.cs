using Azure.Storage.Blobs;
using Npgsql;
using Shop.Storage;

namespace Shop.Tests.Infrastructure;

/// <summary>
/// The shared throwaway servers that test.sh starts (ports from its environment, with its defaults).
/// Tests never mock them; each test class gets its own database on the shared PostgreSQL.
/// </summary>
public static class TestServers
{
    public static int PostgresPort => Port("TEST_PG_PORT", 56432);
    public static int RedisPort => Port("TEST_REDIS_PORT", 57379);
    public static int BlobPort => Port("TEST_BLOB_PORT", 11000);

    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string RepoRoot => Environment.GetEnvironmentVariable("SHOP_REPO_ROOT") ?? FindRepoRoot();

    public static string PostgresConnectionString(string database, int? port = null) =>
        $"Host=127.0.0.1;Port={port ?? PostgresPort};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=30";

    public static string RedisConnectionString(int? port = null) => $"127.0.0.1:{port ?? RedisPort}";

    public static string BlobConnectionString(int? port = null, string key = DevAccountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};BlobEndpoint=http://127.0.0.1:{port ?? BlobPort}/devstoreaccount1;";

    /// <summary>The shop's containers on the shared Azurite, for tests that seed or read blobs directly.</summary>
    public static BlobContainers Blobs() => new(new BlobServiceClient(BlobConnectionString()));

    /// <summary>Creates an empty database with a unique name on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, int? port = null)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresConnectionString("postgres", port));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) ? port : fallback;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (Aspire.sln).");
    }
}
