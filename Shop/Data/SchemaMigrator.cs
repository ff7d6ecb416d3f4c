using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shop.Data;

/// <summary>
/// Applies the embedded SQL scripts (<c>Data/Migrations/NNN_name.sql</c>) in order, each in its own
/// transaction, under a PostgreSQL advisory lock so concurrent replicas never race. EF Core Design
/// cannot scaffold migrations here; plain SQL keeps the schema reviewable and the drift test keeps
/// it equal to the EF model.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    private const long LockKey = 0x53_48_4F_50_4D_49_47; // "SHOPMIG"
    public static IReadOnlyList<SqlMigration> Migrations { get; } = LoadMigrations();
    public static string LatestVersion => Migrations[^1].Version;

    /// <summary>Returns how many scripts were applied; 0 when the schema was already current.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var count = 0;
            foreach (var migration in Migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version} was changed after it was applied. Add a new script instead.");
                    }
                    continue;
                }
                await ApplyAsync(connection, migration, cancellationToken);
                count++;
            }
            LogDone(logger, count, LatestVersion);
            return count;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>True when every script is applied; other roles wait for this.</summary>
    public async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return false;
        }
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        return Migrations.All(m => applied.ContainsKey(m.Version));
    }

    private async Task ApplyAsync(NpgsqlConnection connection, SqlMigration migration, CancellationToken ct)
    {
        LogApplying(logger, migration.Version);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(ct);
        }
        await using (var record = new NpgsqlCommand(
            "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", connection, transaction))
        {
            record.Parameters.Add(new() { Value = migration.Version });
            record.Parameters.Add(new() { Value = migration.Checksum });
            await record.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var applied = new Dictionary<string, string>();
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<SqlMigration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => SqlMigration.Load(assembly, n))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying migration {Version}")]
    private static partial void LogApplying(ILogger logger, string version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is current: applied {Count} migration(s), latest {Version}")]
    private static partial void LogDone(ILogger logger, int count, string version);
}

public sealed record SqlMigration(string Version, string Sql, string Checksum)
{
    internal static SqlMigration Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        var version = Path.GetFileNameWithoutExtension(resource["Migrations/".Length..]);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new SqlMigration(version, sql, checksum);
    }
}
