using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shop.Catalog;
using Shop.Data;

namespace Shop.Tests.Infrastructure;

/// <summary>The production seeder with small pictures (320 px), so a test database is seeded in a second.</summary>
public static class Seed
{
    public const int ImageWidth = 320;

    public static Task<int> CatalogAsync(ShopDbContext db) =>
        new CatalogSeeder(db, TestServers.Blobs(), Options.Create(new CatalogSeedOptions { ImageWidth = ImageWidth }),
            TimeProvider.System, NullLogger<CatalogSeeder>.Instance).SeedAsync(CancellationToken.None);
}
