using Api.Auth;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Api.Ordering;
using Api.Payments;
using Shop;
using Shop.Catalog;
using Shop.Catalog.Images;
using Shop.Data;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Storage;

namespace Api.Infrastructure;

internal static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddShopTelemetry();
        builder.AddShopDatabase(multiplexing: true);
        builder.AddTracedRedisClient(ResourceNames.Cache);
        builder.AddShopStorage();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCatalogCache();
        builder.Services.AddImageOptions();
        builder.AddShopMessaging(consume: false);
        builder.AddShopJobs();
        builder.Services.AddOptions<PaymentSimulatorOptions>().BindConfiguration(PaymentSimulatorOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAdminAuthentication();
        builder.AddClientRateLimits(PlaceOrder.RateLimitPolicy);
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            // On purpose, so a slow or oversized client costs little: JSON bodies are small (an order of 50 lines is
            // about 3 KB), and the image upload raises its own limit.
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        });
        builder.Services.AddRequestTimeouts(options => options.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromSeconds(30) });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        return builder;
    }
}
