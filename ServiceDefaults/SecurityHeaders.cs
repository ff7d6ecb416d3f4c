using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// nosniff, no referrer beyond the origin, and the given Content-Security-Policy on every response, error pages
    /// included (set when the response starts, after an exception handler may have cleared the headers). Outside
    /// Development, HSTS too (on HTTPS requests, which behind a proxy needs forwarded headers).
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app, string contentSecurityPolicy)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        app.Use((context, next) =>
        {
            var response = context.Response;
            response.OnStarting(() =>
            {
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
