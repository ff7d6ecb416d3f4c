using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Shop.Data;

/// <summary>
/// Applies the EF migrations under a session advisory lock: two <c>Worker migrate</c> processes at once apply each
/// migration exactly once. (EF's own migration lock let both apply the same migration when neither found a history
/// table yet: "column image_id already exists", seen in MigrationTests.)
/// </summary>
public static partial class ShopSchema
{
    /// <summary>The SQL scripts the schema came from before EF migrations (table <c>schema_migrations</c>).</summary>
    private static readonly string[] _scripts = ["001_catalog", "002_orders", "003_jobs", "004_notify_after_commit"];

    /// <summary>Returns the migrations applied by this call.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(ShopDbContext db, ILogger logger, CancellationToken ct)
    {
        await CreateDatabaseAsync(db, ct);
        await AdoptScriptedSchemaAsync(db, logger, ct);
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(ct);
        await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext('shop-schema-migrate'))", lockConnection))
        {
            acquire.CommandTimeout = 600; // the other process may be migrating a large table
            await acquire.ExecuteNonQueryAsync(ct);
        }
        try
        {
            // Pending is read under the lock: a process that waited finds what the other one applied.
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await db.Database.MigrateAsync(ct);
            LogMigrated(logger, pending.Count, db.Database.GetMigrations().Last());
            return pending;
        }
        finally
        {
            // Explicitly: a pooled connection may keep its session, and with it the lock, after it is closed.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(hashtext('shop-schema-migrate'))", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>A new server has no shop database yet (the AppHost's local PostgreSQL, a fresh container).</summary>
    private static async Task CreateDatabaseAsync(ShopDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another migrate process created it first.
        }
    }

    /// <summary>
    /// A database made by the SQL scripts of earlier builds (a developer's <c>.local/</c>) has exactly the schema of
    /// the first migration, so that migration is recorded as applied instead of failing on existing tables.
    /// A database with only some of the scripts is refused: no migration can bring it to a known state.
    /// </summary>
    private static async Task AdoptScriptedSchemaAsync(ShopDbContext db, ILogger logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Two migrate processes at once: the second waits here, then finds the database adopted.
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('shop-schema-adoption'))", ct);
        var scripted = await db.Database.SqlQuery<bool>($"""
            SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('"__EFMigrationsHistory"') IS NULL AS "Value"
            """).SingleAsync(ct);
        if (!scripted)
        {
            return;
        }
        var scripts = await db.Database.SqlQuery<string>($"SELECT version AS \"Value\" FROM schema_migrations").ToListAsync(ct);
        if (!_scripts.All(scripts.Contains))
        {
            throw new InvalidOperationException(
                $"This database was made by an older build and stopped at script {scripts.Max()}: run that build's `Worker migrate` first, or drop the database.");
        }
        var history = db.GetService<IHistoryRepository>();
        var first = db.Database.GetMigrations().First();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), ct);
        await db.Database.ExecuteSqlRawAsync("DROP TABLE schema_migrations", ct);
        await transaction.CommitAsync(ct);
        LogAdopted(logger, first);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is current: applied {Count} migration(s), latest {Migration}")]
    private static partial void LogMigrated(ILogger logger, int count, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adopted a database made by the SQL scripts of earlier builds: recorded {Migration} as applied")]
    private static partial void LogAdopted(ILogger logger, string migration);
}
