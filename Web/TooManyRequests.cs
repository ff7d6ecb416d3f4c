using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Web;

/// <summary>Web's answer to a client over its rate limit: a plain, friendly page (and Retry-After), not JSON.</summary>
internal static class TooManyRequests
{
    public static IHostApplicationBuilder AddWebRateLimits(this IHostApplicationBuilder builder, params string[] policies)
    {
        builder.AddClientRateLimits(policies);
        builder.Services.PostConfigure<RateLimiterOptions>(options => options.OnRejected = (context, _) => WriteAsync(context.HttpContext, context.Lease));
        return builder;
    }

    private static async ValueTask WriteAsync(HttpContext context, RateLimitLease lease)
    {
        var seconds = RateLimitingExtensions.RetryAfterSeconds(lease);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        if (seconds is not null)
        {
            context.Response.Headers.RetryAfter = seconds;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>One moment, please</title></head>
            <body><main><h1>One moment, please</h1>
            <p>We received a lot of requests from you in a short time. Please wait {seconds ?? "a few"} seconds, then try again.</p>
            <p><a href="/">Back to the shop</a></p></main></body></html>
            """);
    }
}
