using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shop.Data;
using Shop.Storage;

namespace Shop.Catalog.Images;

/// <summary>
/// Deletes the blobs and rows of images replaced (or failed, or left by a deleted item) longer ago than
/// <see cref="ImageOptions.ReplacedRetention"/>. Blobs go first: a crash in between leaves a row that the next run
/// deletes again, never a row pointing at nothing that is still shown.
/// </summary>
public sealed class ReplacedImages(ShopDbContext db, BlobContainers blobs, IOptions<ImageOptions> options)
{
    private const int Batch = 200;

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        var before = now - options.Value.ReplacedRetention;
        var expired = await db.CatalogImages
            .Where(i => i.ReplacedAt < before && !db.CatalogItems.Any(item => item.ImageId == i.Id))
            .OrderBy(i => i.ReplacedAt).Take(Batch).ToListAsync(ct);
        if (expired.Count == 0)
        {
            return 0;
        }
        var container = await blobs.GetAsync(BlobContainers.Images, ct);
        foreach (var image in expired)
        {
            await container.GetBlobClient(image.OriginalBlob).DeleteIfExistsAsync(cancellationToken: ct);
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, CatalogImage.Prefix(image.Id), ct))
            {
                await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: ct);
            }
        }
        db.CatalogImages.RemoveRange(expired);
        await db.SaveChangesAsync(ct);
        return expired.Count;
    }
}
