using System.Net;

namespace Web.Catalog;

/// <summary>
/// Api is internal (not reachable by browsers in Container Apps), so Web relays item images at the Api's own paths:
/// the URLs in catalog answers work here unchanged. Versioned files keep the Api's year-long immutable caching.
/// </summary>
internal static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/catalog/items/{id:int}/image", RelayAsync);
        app.MapGet("/api/catalog/items/{id:int}/images/{imageId:guid}/{file}", RelayAsync);
        return app;
    }

    private static async Task RelayAsync(CatalogClient catalog, HttpContext context)
    {
        using var upstream = await catalog.GetImageAsync(context.Request.Path, context.Request.Headers.IfNoneMatch, context.RequestAborted);
        context.Response.StatusCode = (int)upstream.StatusCode;
        if (upstream.Headers.ETag is { } etag)
        {
            context.Response.Headers.ETag = etag.ToString();
        }
        if (upstream.Headers.CacheControl is { } cache)
        {
            context.Response.Headers.CacheControl = cache.ToString();
        }
        if (upstream.StatusCode == HttpStatusCode.OK)
        {
            context.Response.ContentType = upstream.Content.Headers.ContentType?.ToString() ?? "application/octet-stream";
            await upstream.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
