using Microsoft.AspNetCore.Http.HttpResults;
using Web.Components;

namespace Web;

/// <summary>
/// Every error answer of Web is a page in the shop's layout, whatever the method: it is rendered in place rather
/// than by re-executing the request, because a re-executed POST would meet antiforgery and form binding again.
/// </summary>
internal static class StatusPages
{
    /// <summary>Bad form input is the client's doing: it gets the 400 page in every environment, never the developer page.</summary>
    public static IHostApplicationBuilder AddStatusPages(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        return builder;
    }

    public static WebApplication UseStatusPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = context => RenderAsync(context, StatusCodes.Status500InternalServerError),
            });
        }
        app.UseStatusCodePages(context => RenderAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        return app;
    }

    public static Task RenderAsync(HttpContext context, int status, string? retryAfter = null) =>
        new RazorComponentResult<StatusDocument>(new { Status = status, RetryAfter = retryAfter }) { StatusCode = status }
            .ExecuteAsync(context);
}
