using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
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

    /// <summary>What `Worker migrate` does to the schema; returns the migrations it applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString)
    {
        await using var db = NewDbContext(connectionString);
        return await ShopSchema.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
    }

    public static ShopDbContext NewDbContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ShopDbContext>().UseNpgsql(connectionString);
        ShopDbContext.Conventions(options);
        return new ShopDbContext(options.Options);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
