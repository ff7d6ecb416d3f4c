using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Shop.Catalog;
using Shop.Catalog.Images;
using Shop.Data;
using Shop.Messaging;
using Shop.Storage;

namespace Api.Catalog;

internal static class CatalogImages
{
    public const int MaxBytes = 5 * 1024 * 1024;
    private static readonly CacheControlHeaderValue _immutable = new() { Public = true, MaxAge = TimeSpan.FromDays(365), Extensions = { new("immutable") } };

    /// <summary>The item's current original; its URL does not change with uploads, so caches revalidate (ETag).</summary>
    public static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetImage(
        ShopDbContext db, BlobContainers blobs, HttpRequest request, HttpResponse response, int id, CancellationToken ct)
    {
        var image = await db.CatalogItems.AsNoTracking().Where(i => i.Id == id).Select(i => i.Image).FirstOrDefaultAsync(ct);
        if (image is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Catalog item {id} has no image.");
        }
        response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) };
        return await StreamAsync(blobs, request, response, image.OriginalBlob, image.ContentType, new($"\"{image.Id:N}\""), ct);
    }

    /// <summary>One file of one image version: the name never changes meaning, so it is cached for a year (CDN-ready).</summary>
    public static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetImageFile(
        ShopDbContext db, BlobContainers blobs, HttpRequest request, HttpResponse response, int id, Guid imageId, string file, CancellationToken ct)
    {
        var image = await db.CatalogImages.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId && i.ItemId == id, ct);
        var width = file.EndsWith(".webp", StringComparison.Ordinal) && int.TryParse(file[..^5], out var w) ? w : 0;
        var (blob, contentType) = file == ImageLinks.Original ? (image?.OriginalBlob, image?.ContentType)
            : image is not null && image.Widths.Contains(width) ? (CatalogImage.RenditionName(image.Id, width), "image/webp") : (null, null);
        if (blob is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Catalog item {id} has no image file '{file}' in that version.");
        }
        response.GetTypedHeaders().CacheControl = _immutable;
        return await StreamAsync(blobs, request, response, blob, contentType!, new($"\"{imageId:N}-{file}\""), ct);
    }

    private static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> StreamAsync(
        BlobContainers blobs, HttpRequest request, HttpResponse response, string blob, string contentType, EntityTagHeaderValue etag, CancellationToken ct)
    {
        if (request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any)))
        {
            response.GetTypedHeaders().ETag = etag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var container = await blobs.GetAsync(BlobContainers.Images, ct);
        try
        {
            var download = await container.GetBlobClient(blob).DownloadStreamingAsync(cancellationToken: ct);
            response.RegisterForDispose(download.Value);
            return TypedResults.Stream(download.Value.Content, contentType, entityTag: etag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "The image file is missing from storage.");
        }
    }

    /// <summary>
    /// Stores the original, then in one transaction the new image version, the item pointing at it and the
    /// image-uploaded message; the Worker makes the renditions. What can be judged from the header (type, a
    /// corrupt header, too many pixels) is refused here; damage deeper in the file is found by the Worker.
    /// </summary>
    public static async Task<Results<Ok<CatalogItemDto>, ProblemHttpResult>> PutImage(
        ShopDbContext db, CatalogCache cache, BlobContainers blobs, IOptions<ImageOptions> options, HttpRequest request, int id,
        TimeProvider clock, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return TooLarge();
        }
        // The one endpoint allowed more than the Api's 1 MB body limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBytes + 1;
        }
        var item = await db.CatalogItems.Include(i => i.Image).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return CatalogReads.NotFound(id);
        }
        var data = await ReadLimitedAsync(request.Body, ct);
        if (data is null)
        {
            return TooLarge();
        }
        if (data.Length == 0)
        {
            return TypedResults.Problem(statusCode: 400, title: "Empty image", detail: "Send the image bytes as the request body.");
        }
        if (ImageSniffer.Detect(data) is not { } contentType)
        {
            return TypedResults.Problem(statusCode: 415, title: "Unsupported image",
                detail: "Only PNG, JPEG or WebP images are accepted (checked by content).");
        }
        ImageHeader header;
        try
        {
            header = ImageRenderer.ReadHeader(data, contentType, options.Value.MaxPixels);
        }
        catch (InvalidImageException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unusable image", detail: ex.Message);
        }
        var now = clock.GetUtcNow();
        var imageId = Guid.CreateVersion7(now);
        var image = new CatalogImage
        {
            Id = imageId, ItemId = id, OriginalBlob = CatalogImage.OriginalName(imageId), ContentType = contentType,
            Width = header.Width, Height = header.Height, CreatedAt = now,
        };
        var container = await blobs.GetAsync(BlobContainers.Images, ct);
        await container.GetBlobClient(image.OriginalBlob).UploadAsync(BinaryData.FromBytes(data),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
        item.Image?.ReplacedAt = now;
        db.CatalogImages.Add(image);
        item.Image = image;
        item.UpdatedAt = now;
        db.Publish(new ImageUploaded(image.Id), image.Id.ToString(), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await DeleteQuietlyAsync(blobs, image.OriginalBlob);
            return CatalogWrites.Conflict(id);
        }
        await cache.InvalidateAsync(id);
        return TypedResults.Ok(CatalogReads.Map(item));
    }

    /// <summary>An orphaned blob costs a few bytes; failing the request for it would cost more.</summary>
    private static async Task DeleteQuietlyAsync(BlobContainers blobs, string name)
    {
        try
        {
            var container = await blobs.GetAsync(BlobContainers.Images);
            await container.GetBlobClient(name).DeleteIfExistsAsync();
        }
        catch (RequestFailedException)
        {
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Image too large", detail: $"Images may be at most {MaxBytes / (1024 * 1024)} MB.");

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
