using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Shop.Catalog;
using Shop.Data;
using Shop.Storage;

namespace Api.Catalog;

internal static class CatalogImages
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>
    /// Every upload gets a new blob name, so the name is a strong ETag: a 304 needs only the database.
    /// </summary>
    public static async Task<Results<FileStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> GetImage(
        ShopDbContext db, BlobContainers blobs, HttpRequest request, HttpResponse response, int id, CancellationToken ct)
    {
        var image = await db.CatalogItems.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.ImageBlob, i.ImageContentType }).FirstOrDefaultAsync(ct);
        if (image?.ImageBlob is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"Catalog item {id} has no image.");
        }
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image.ImageBlob)))[..20]}\"");
        response.GetTypedHeaders().CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromMinutes(5) };
        if (request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any)))
        {
            response.GetTypedHeaders().ETag = etag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var container = await blobs.GetAsync(BlobContainers.Images, ct);
        try
        {
            var download = await container.GetBlobClient(image.ImageBlob).DownloadStreamingAsync(cancellationToken: ct);
            response.RegisterForDispose(download.Value);
            return TypedResults.Stream(download.Value.Content, image.ImageContentType ?? "application/octet-stream", entityTag: etag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"The image of catalog item {id} is missing.");
        }
    }

    public static async Task<Results<Ok<CatalogItemDto>, ProblemHttpResult>> PutImage(
        ShopDbContext db, CatalogCache cache, BlobContainers blobs, HttpRequest request, int id, TimeProvider clock, CancellationToken ct)
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
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, ct);
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
        if (ImageSniffer.Detect(data) is not var (contentType, extension))
        {
            return TypedResults.Problem(statusCode: 415, title: "Unsupported image",
                detail: "Only PNG, JPEG, WebP or SVG images are accepted (checked by content).");
        }
        var previous = item.ImageBlob;
        var name = $"items/{id}/{Guid.NewGuid():N}.{extension}";
        var container = await blobs.GetAsync(BlobContainers.Images, ct);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(data),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
        item.ImageBlob = name;
        item.ImageContentType = contentType;
        item.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await DeleteQuietlyAsync(blobs, name);
            return CatalogWrites.Conflict(id);
        }
        await cache.InvalidateAsync(id);
        if (previous is not null)
        {
            await DeleteQuietlyAsync(blobs, previous);
        }
        return TypedResults.Ok(CatalogReads.Map(item));
    }

    /// <summary>An orphaned blob costs a few bytes; failing the request for it would cost more.</summary>
    internal static async Task DeleteQuietlyAsync(BlobContainers blobs, string name)
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
