using Api.Auth;
using Api.Ordering;
using Api.Payments;
using Shop;
using Shop.Catalog;
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
        builder.AddShopMessaging(consume: false);
        builder.AddShopJobs();
        builder.Services.AddOptions<PaymentSimulatorOptions>().BindConfiguration(PaymentSimulatorOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAdminAuthentication();
        builder.AddClientRateLimits(PlaceOrder.RateLimitPolicy);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        return builder;
    }
}
