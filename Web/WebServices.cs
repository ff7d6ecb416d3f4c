using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Shop;
using StackExchange.Redis;
using Web.Admin;
using Web.Cart;
using Web.Catalog;
using Web.Ordering;

namespace Web;

internal static class WebServices
{
    /// <summary>Data-protection keys shared by every replica, so a cookie or form token issued by one is valid on another.</summary>
    private const string DataProtectionKeys = "web:dataprotection:keys";

    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        // Static server rendering only: no circuits, so any replica can serve any request.
        builder.Services.AddRazorComponents();
        builder.AddTracedRedisClient(ResourceNames.Cache);
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddSingleton<PlacedCheckouts>();
        builder.Services.AddDataProtection().SetApplicationName("shop-web");
        // PersistKeysToStackExchangeRedis wants the multiplexer before the host is built; Aspire makes it in DI.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
            options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), DataProtectionKeys));
        builder.Services.AddWebAdmin();
        builder.AddWebRateLimits(AdminEndpoints.SignInRateLimit);
        builder.AddStatusPages();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(kestrel =>
        {
            // On purpose: the largest legitimate body is an admin's image upload (5 MB and the form around it).
            kestrel.Limits.MaxRequestBodySize = 6 * 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddRequestTimeouts(options =>
            options.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(30) });
        var api = new Uri($"https+http://{ResourceNames.Api}");
        builder.Services.AddHttpClient<AdminClient>(http => http.BaseAddress = api);
        builder.Services.AddHttpClient<OrderClient>(http => http.BaseAddress = api);
        builder.Services.AddHttpClient<CatalogClient>(http => (http.BaseAddress, http.Timeout) = (api, CatalogClient.ReadBudget));
        builder.Services.AddHttpClient(ApiHealthCheck.ClientName, http => http.BaseAddress = api);
        builder.Services.AddHealthChecks().AddCheck<ApiHealthCheck>(ResourceNames.Api);
        return builder;
    }
}
