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
        if (seconds is not null)
        {
            context.Response.Headers.RetryAfter = seconds;
        }
        await StatusPages.RenderAsync(context, StatusCodes.Status429TooManyRequests, seconds);
    }
}
