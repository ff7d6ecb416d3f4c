using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using ServiceDefaults;
using StackExchange.Redis;
using Web.Admin;
using Web.Cart;
using Web.Infrastructure;
using Web.Catalog;
using Web.Ordering;

namespace Web;

internal static class WebServices
{
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        // Static server rendering only: no circuits, so any replica can serve any request.
        builder.Services.AddRazorComponents();
        builder.AddRedisClient(ResourceNames.Cache);
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddDataProtection().SetApplicationName("shop-web");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new RedisXmlRepository(sp.GetRequiredService<IConnectionMultiplexer>())));
        builder.Services.AddWebAdmin();
        builder.Services.AddHttpClient<AdminClient>(http => http.BaseAddress = new Uri($"https+http://{ResourceNames.Api}"));
        builder.Services.AddHttpClient<OrderClient>(http => http.BaseAddress = new Uri($"https+http://{ResourceNames.Api}"));
        builder.Services.AddHttpClient<CatalogClient>(http => http.BaseAddress = new Uri($"https+http://{ResourceNames.Api}"));
        builder.Services.AddHttpClient(ApiHealthCheck.ClientName, http => http.BaseAddress = new Uri($"https+http://{ResourceNames.Api}"));
        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>(ResourceNames.Api);
        return builder;
    }
}
