using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Data;
using Shop.Messaging;
using Shop.Storage;

namespace Shop.Catalog.Images;

/// <summary>Bounds the renditions one Worker makes at once, whatever the queue's concurrency.</summary>
public sealed class RenderGate(IOptions<ImageOptions> options) : IDisposable
{
    public SemaphoreSlim Slots { get; } = new(options.Value.MaxConcurrentRenders);

    public void Dispose() => Slots.Dispose();
}

/// <summary>
/// Makes an image's renditions and marks it ready. Rendition names depend only on the image, so a redelivery
/// (after a kill mid-resize) overwrites the same blobs; the status makes a delivery after the commit a no-op.
/// An image that cannot be decoded is marked failed, its item goes back to its previous image, and the message
/// is dead-lettered with the reason.
/// </summary>
public sealed partial class ImageUploadedHandler(
    ShopDbContext db, BlobContainers blobs, CatalogCache cache, RenderGate gate, IOptions<ImageOptions> options,
    TimeProvider clock, ILogger<ImageUploadedHandler> logger) : IMessageHandler<ImageUploaded>
{
    public async Task HandleAsync(ImageUploaded message, MessageEnvelope envelope, CancellationToken ct)
    {
        var image = await db.CatalogImages.SingleOrDefaultAsync(i => i.Id == message.ImageId, ct);
        // Already done or failed (a redelivery), or its item was deleted (housekeeping removes the blobs).
        if (image is not { Status: CatalogImageStatus.Pending } || !await db.CatalogItems.AnyAsync(i => i.Id == image.ItemId, ct))
        {
            return;
        }
        var container = await blobs.GetAsync(BlobContainers.Images, ct);
        IReadOnlyList<Rendition> renditions;
        await gate.Slots.WaitAsync(ct);
        // A temporary file, not a byte array: libvips reads it directly, and 4 MB originals stay off the managed heap.
        var path = Path.Combine(Path.GetTempPath(), $"shop-image-{image.Id:N}-{Guid.NewGuid():N}");
        try
        {
            await container.GetBlobClient(image.OriginalBlob).DownloadToAsync(path, ct);
            renditions = await Task.Run(() => ImageRenderer.Render(path, image.ContentType, options.Value.MaxPixels), ct);
        }
        catch (InvalidImageException ex)
        {
            await FailAsync(image, ex.Message, ct);
            throw new UnprocessableMessageException($"Image {image.Id} of catalog item {image.ItemId}: {ex.Message}", ex);
        }
        finally
        {
            gate.Slots.Release();
            File.Delete(path);
        }
        foreach (var rendition in renditions)
        {
            await container.GetBlobClient(CatalogImage.RenditionName(image.Id, rendition.Width)).UploadAsync(
                BinaryData.FromBytes(rendition.WebP),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/webp" } }, ct);
        }
        image.Status = CatalogImageStatus.Ready;
        image.Widths = [.. renditions.Select(r => r.Width).Order()];
        image.ReadyAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync(image.ItemId);
        LogReady(logger, image.Id, image.ItemId, string.Join(", ", image.Widths));
    }

    /// <summary>The item shows its newest image that is not failed, so a bad upload never leaves it without one.</summary>
    private async Task FailAsync(CatalogImage image, string reason, CancellationToken ct)
    {
        image.Status = CatalogImageStatus.Failed;
        image.FailureReason = reason;
        image.ReplacedAt ??= clock.GetUtcNow();
        var item = await db.CatalogItems.SingleOrDefaultAsync(i => i.Id == image.ItemId, ct);
        if (item?.ImageId == image.Id)
        {
            var previous = await db.CatalogImages
                .Where(i => i.ItemId == image.ItemId && i.Id != image.Id && i.Status != CatalogImageStatus.Failed)
                .OrderByDescending(i => i.CreatedAt).FirstOrDefaultAsync(ct);
            item.ImageId = previous?.Id;
            if (previous is not null)
            {
                previous.ReplacedAt = null;
            }
        }
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync(image.ItemId);
        LogFailed(logger, image.Id, image.ItemId, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {ImageId} of item {ItemId} is ready: renditions {Widths} px wide")]
    private static partial void LogReady(ILogger logger, Guid imageId, int itemId, string widths);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Image {ImageId} of item {ItemId} failed; the item keeps its previous image: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid imageId, int itemId, string reason);
}
