using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Shop.Data;

namespace Shop.Tests.Infrastructure;

/// <summary>A fresh, migrated database on the shared server, one per test class.</summary>
public sealed class ShopDatabase : IAsyncLifetime
{
    public string Name { get; private set; } = "";
    public string ConnectionString => TestServers.PostgresConnectionString(Name);

    public async ValueTask InitializeAsync()
    {
        Name = await TestServers.CreateDatabaseAsync("shop");
        await MigrateAsync(ConnectionString);
    }

    public static async Task<int> MigrateAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        return await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
