using Microsoft.AspNetCore.Diagnostics;

namespace Web.Components;

/// <summary>
/// A page that renders its own error content (an unknown item, the friendly outage message) still answers with the
/// right status. Status code pages are turned off for that response: they would render a second document over it.
/// </summary>
public static class PageStatus
{
    public static void Set(HttpContext? context, int status)
    {
        if (context is null || context.Response.HasStarted)
        {
            return;
        }
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        context.Response.StatusCode = status;
    }
}
