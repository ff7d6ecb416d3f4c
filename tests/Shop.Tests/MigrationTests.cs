using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Data;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Running_migrations_twice_changes_nothing()
    {
        var cs = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("mig"));
        Assert.Equal(SchemaMigrator.Migrations.Count, await ShopDatabase.MigrateAsync(cs));
        var before = await SchemaSnapshot.ReadAsync(cs);

        Assert.Equal(0, await ShopDatabase.MigrateAsync(cs));

        Assert.Equal(before, await SchemaSnapshot.ReadAsync(cs));
    }

    [Fact]
    public async Task Two_migrate_processes_at_once_do_not_collide_and_seed_once()
    {
        var cs = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("mig"));
        var results = await Task.WhenAll(RunMigrateRoleAsync(cs), RunMigrateRoleAsync(cs));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM schema_migrations", connection);
        Assert.Equal((long)SchemaMigrator.Migrations.Count, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        // Both processes also tried to seed the catalog; the lock lets exactly one of them do it.
        await using var items = new NpgsqlCommand("SELECT count(*) FROM catalog_items", connection);
        Assert.Equal(100L, await items.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_migrated_schema_matches_the_EF_model()
    {
        var migrated = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("drift"));
        await ShopDatabase.MigrateAsync(migrated);
        var fromModel = TestServers.PostgresConnectionString(await TestServers.CreateDatabaseAsync("model"));
        await using (var db = new ShopDbContext(new DbContextOptionsBuilder<ShopDbContext>().UseNpgsql(fromModel).Options))
        {
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        var expected = await SchemaSnapshot.ReadAsync(fromModel);
        var actual = await SchemaSnapshot.ReadAsync(migrated);

        Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
    }

    private static async Task<(int ExitCode, string Output)> RunMigrateRoleAsync(string connectionString)
    {
        var workerDll = Path.Combine(TestServers.RepoRoot, "Worker", "bin", "Release", "net10.0", "Worker.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(workerDll);
        psi.ArgumentList.Add("migrate");
        psi.Environment["ConnectionStrings__shopdb"] = connectionString;
        psi.Environment["ConnectionStrings__blobs"] = TestServers.BlobConnectionString();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>Tables, columns, indexes and constraints as PostgreSQL reports them, minus the migration ledger.</summary>
internal static class SchemaSnapshot
{
    private const string Sql = """
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
               || ' ' || coalesce(numeric_precision::text, '') || ',' || coalesce(numeric_scale::text, '')
               || ' null=' || is_nullable || ' identity=' || is_identity || ' gen=' || coalesce(generation_expression, '')
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'schema_migrations'
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
