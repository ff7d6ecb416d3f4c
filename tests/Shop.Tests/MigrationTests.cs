using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Shop.Data;
using Shop.Messaging.Postgres;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Running_migrations_twice_changes_nothing()
    {
        var cs = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("mig"));
        await using var db = ShopDatabase.NewDbContext(cs);
        Assert.Equal(db.Database.GetMigrations(), await ShopDatabase.MigrateAsync(cs));
        var before = await SchemaSnapshot.ReadAsync(cs);

        Assert.Empty(await ShopDatabase.MigrateAsync(cs));

        Assert.Equal(before, await SchemaSnapshot.ReadAsync(cs));
    }

    [Fact]
    public async Task Two_migrate_processes_at_once_do_not_collide_and_seed_once()
    {
        var cs = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("mig"));
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:shopdb"] = cs, ["ConnectionStrings:blobs"] = TestServers.BlobConnectionString() };
        var results = await Task.WhenAll(AppProcess.RunWorkerAsync(settings, "migrate"), AppProcess.RunWorkerAsync(settings, "migrate"));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        await using var db = ShopDatabase.NewDbContext(cs);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(Ct));
        // Both processes also tried to seed the catalog; the lock lets exactly one of them do it.
        Assert.Equal(100, await db.CatalogItems.CountAsync(Ct));
    }

    [Fact]
    public void The_migrations_describe_the_EF_model_exactly()
    {
        using var db = ShopDatabase.NewDbContext("Host=unused");
        // Fails when the model changed without `dotnet ef migrations add <Name> --project Shop`.
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void The_raw_SQL_column_list_of_the_outbox_names_columns_of_both_message_tables()
    {
        using var db = ShopDatabase.NewDbContext("Host=unused");
        foreach (var table in new[] { typeof(Messaging.OutboxMessage), typeof(Messaging.DeadLetter) })
        {
            var entity = db.Model.FindEntityType(table)!;
            var columns = entity.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
            Assert.All(OutboxColumns.Envelope.Split(", "), c => Assert.Contains(c, columns));
            Assert.Contains("delivery_count", columns);
            Assert.Contains("last_error", columns);
        }
    }

    [Fact]
    public async Task A_database_made_by_the_old_SQL_scripts_is_adopted_without_losing_data()
    {
        var cs = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("adopt"));
        await using (var db = ShopDatabase.NewDbContext(cs))
        {
            // The scripts of earlier builds made what the first migration makes, image columns included.
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), Ct);
            // What the SQL-script migrator of earlier builds left: its ledger, and no EF history.
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO catalog_items (name, description, price, stock, image_blob, image_content_type, updated_at)
                VALUES ('Kept', 'From before', 1, 1, 'seed/001.svg', 'image/svg+xml', now());
                DROP TABLE "__EFMigrationsHistory";
                CREATE TABLE schema_migrations (version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO schema_migrations (version, checksum) VALUES ('001_catalog', 'a'), ('002_orders', 'b'), ('003_jobs', 'c'), ('004_notify_after_commit', 'd');
                """, Ct);
        }

        var applied = await ShopDatabase.MigrateAsync(cs);

        await using var check = ShopDatabase.NewDbContext(cs);
        Assert.Equal(check.Database.GetMigrations().Skip(1), applied);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync(Ct));
        var kept = await check.CatalogItems.Include(i => i.Image).SingleAsync(Ct);
        Assert.Equal("Kept", kept.Name);
        // Its image became a ready image version without renditions, shown as the original.
        Assert.Equal(("seed/001.svg", "image/svg+xml", Shop.Catalog.Images.CatalogImageStatus.Ready),
            (kept.Image!.OriginalBlob, kept.Image.ContentType, kept.Image.Status));
        Assert.False(await check.Database.SqlQuery<bool>($"SELECT to_regclass('schema_migrations') IS NOT NULL AS \"Value\"").SingleAsync(Ct));
    }

    [Fact]
    public async Task A_database_the_old_scripts_left_half_done_is_refused_with_a_clear_message()
    {
        var cs = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("adopt"));
        await using (var connection = new NpgsqlConnection(cs))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("""
                CREATE TABLE schema_migrations (version text PRIMARY KEY, checksum text NOT NULL);
                INSERT INTO schema_migrations (version, checksum) VALUES ('001_catalog', 'a'), ('002_orders', 'b');
                """, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ShopDatabase.MigrateAsync(cs));

        Assert.Contains("002_orders", error.Message);
    }
}

/// <summary>Tables, columns, indexes and constraints as PostgreSQL reports them.</summary>
internal static class SchemaSnapshot
{
    private const string Sql = """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
               || ' ' || coalesce(numeric_precision::text, '') || ',' || coalesce(numeric_scale::text, '')
               || ' null=' || is_nullable || ' identity=' || is_identity || ' gen=' || coalesce(generation_expression, '')
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
        ORDER BY 1
        """;

    public static async Task<List<string>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
