using System.Net;

namespace Web.Catalog;

/// <summary>Api is internal (not reachable by browsers in Container Apps), so Web relays item images.</summary>
internal static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/images/items/{id:int}", async (int id, CatalogClient catalog, HttpContext context) =>
        {
            using var upstream = await catalog.GetImageAsync(id, context.Request.Headers.IfNoneMatch, context.RequestAborted);
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
        });
        return app;
    }
}
