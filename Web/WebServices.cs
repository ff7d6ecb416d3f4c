using ServiceDefaults;
using Web.Catalog;

namespace Web;

internal static class WebServices
{
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        // Static server rendering only: no circuits, so any replica can serve any request.
        builder.Services.AddRazorComponents();
        builder.AddRedisClient(ResourceNames.Cache);
        builder.Services.AddHttpClient<CatalogClient>(http => http.BaseAddress = new Uri($"https+http://{ResourceNames.Api}"));
        builder.Services.AddHttpClient(ApiHealthCheck.ClientName, http => http.BaseAddress = new Uri($"https+http://{ResourceNames.Api}"));
        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>(ResourceNames.Api);
        return builder;
    }
}
