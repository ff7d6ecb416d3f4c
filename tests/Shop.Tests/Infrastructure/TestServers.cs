using Azure.Storage.Blobs;
using Npgsql;
using Shop.Storage;

[assembly: AssemblyFixture(typeof(Shop.Tests.Infrastructure.TestServers))]

namespace Shop.Tests.Infrastructure;

/// <summary>
/// The shared throwaway servers: one PostgreSQL, Redis and Azurite for the whole test run, started here on free ports
/// (so `dotnet test` works from an IDE once scripts/install.sh has run) and stopped when the run ends. Tests never mock
/// them; each test class gets its own database on the shared PostgreSQL.
/// </summary>
public sealed class TestServers : IAsyncLifetime
{
    private static TestServers? _current;
    private readonly OwnPostgres _postgres = new();
    private readonly OwnRedis _redis = new();
    private readonly OwnAzurite _azurite = new();

    private static TestServers Current => _current ?? throw new InvalidOperationException("The test servers have not started.");

    public static int PostgresPort => Current._postgres.Port;
    public static int RedisPort => Current._redis.Port;
    public static int BlobPort => Current._azurite.Port;

    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static string RepoRoot { get; } = FindRepoRoot();

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(_postgres.StartAsync(), _redis.StartAsync(), _azurite.StartAsync());
        _current = this;
    }

    public async ValueTask DisposeAsync()
    {
        _current = null;
        await Task.WhenAll(_postgres.DisposeAsync().AsTask(), _redis.DisposeAsync().AsTask(), _azurite.DisposeAsync().AsTask());
    }

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
