using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Data;
using Shop.Storage;

namespace Shop.Catalog;

/// <summary>
/// Seeds the catalog on an empty database. Images go up first under deterministic names, then all
/// rows in one transaction, so a crash anywhere leaves either nothing or everything, and a re-run
/// finishes the job. An advisory lock keeps two migrate runs from seeding twice.
/// </summary>
public sealed partial class CatalogSeeder(ShopDbContext db, BlobContainers blobs, TimeProvider clock, ILogger<CatalogSeeder> logger)
{
    private const long LockKey = 0x53_48_4F_50_53_45_45; // "SHOPSEE"

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            if (await db.CatalogItems.AnyAsync(ct))
            {
                LogSkipped(logger);
                return 0;
            }
            var items = SeedData.Items().ToList();
            var container = await blobs.GetAsync(BlobContainers.Images, ct);
            var now = clock.GetUtcNow();
            var n = 0;
            foreach (var (name, description, price, stock, svg) in items)
            {
                var blobName = $"seed/{++n:000}.svg";
                await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(svg),
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/svg+xml" } }, ct);
                db.CatalogItems.Add(new CatalogItem
                {
                    Name = name, Description = description, Price = price, Stock = stock,
                    ImageBlob = blobName, ImageContentType = "image/svg+xml", UpdatedAt = now,
                });
            }
            await db.SaveChangesAsync(ct);
            LogSeeded(logger, items.Count);
            return items.Count;
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the catalog with {Count} items and images")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog already has items; not seeding")]
    private static partial void LogSkipped(ILogger logger);
}
