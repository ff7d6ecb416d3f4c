using System.ComponentModel.DataAnnotations;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Catalog.Images;
using Shop.Data;
using Shop.Messaging;
using Shop.Storage;

namespace Shop.Catalog;

/// <summary>Section <c>CatalogSeed</c>.</summary>
public sealed class CatalogSeedOptions
{
    public const string Section = "CatalogSeed";

    /// <summary>Width of the drawn product pictures: large enough for every rendition (tests use small ones).</summary>
    [Range(64, 4000)]
    public int ImageWidth { get; set; } = 2400;
}

/// <summary>
/// Seeds the catalog on an empty database. Pictures go up first under fresh names, then all rows, with an
/// image-uploaded message per picture, in one transaction: a crash anywhere leaves either nothing (a re-run
/// starts over; the orphaned blobs cost a few bytes) or everything. The Worker then makes the renditions, as for
/// an admin's upload. An advisory lock keeps two migrate runs from seeding twice.
/// </summary>
public sealed partial class CatalogSeeder(
    ShopDbContext db, BlobContainers blobs, IOptions<CatalogSeedOptions> options, TimeProvider clock, ILogger<CatalogSeeder> logger)
{
    private const long LockKey = 0x53_48_4F_50_53_45_45; // "SHOPSEE"

    public async Task<int> SeedAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // A second migrate process waits here while the first draws and uploads 100 pictures: longer than a
            // command's usual 30 s on a busy machine, so this one statement waits as long as the caller lets it.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", ct);
            db.Database.SetCommandTimeout(timeout);
            if (await db.CatalogItems.AnyAsync(ct))
            {
                LogSkipped(logger);
                return 0;
            }
            var items = SeedData.Items().ToList();
            var container = await blobs.GetAsync(BlobContainers.Images, ct);
            var now = clock.GetUtcNow();
            var width = options.Value.ImageWidth;
            var pictures = new List<(CatalogItem Item, CatalogImage Image)>();
            foreach (var (name, description, price, stock, shape, color) in items)
            {
                var id = Guid.CreateVersion7(now);
                var jpeg = ProductDrawing.Jpeg(shape, color, width);
                await container.GetBlobClient(CatalogImage.OriginalName(id)).UploadAsync(BinaryData.FromBytes(jpeg),
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" } }, ct);
                var image = new CatalogImage
                {
                    Id = id, OriginalBlob = CatalogImage.OriginalName(id), ContentType = "image/jpeg",
                    Width = width, Height = width * 3 / 4, CreatedAt = now,
                };
                pictures.Add((new CatalogItem { Name = name, Description = description, Price = price, Stock = stock, UpdatedAt = now }, image));
            }
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.CatalogItems.AddRange(pictures.Select(p => p.Item));
            await db.SaveChangesAsync(ct); // the item ids, for the images
            foreach (var (item, image) in pictures)
            {
                image.ItemId = item.Id;
                db.CatalogImages.Add(image);
                item.ImageId = image.Id;
                db.Publish(new ImageUploaded(image.Id), $"seed-{item.Id}", now);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            LogSeeded(logger, items.Count, width);
            return items.Count;
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the catalog with {Count} items and pictures {Width} px wide")]
    private static partial void LogSeeded(ILogger logger, int count, int width);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog already has items; not seeding")]
    private static partial void LogSkipped(ILogger logger);
}

public static class CatalogSeederRegistration
{
    public static IServiceCollection AddCatalogSeeder(this IServiceCollection services)
    {
        services.AddOptions<CatalogSeedOptions>().BindConfiguration(CatalogSeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services.AddScoped<CatalogSeeder>();
    }
}
