using Api.Auth;
using ServiceDefaults;
using Shop.Catalog;
using Shop.Data;
using Shop.Jobs;
using Shop.Messaging;
using Api.Payments;
using Shop.Storage;

namespace Api.Infrastructure;

internal static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddShopDatabase(multiplexing: true);
        builder.AddRedisClient(ResourceNames.Cache);
        builder.AddAzureBlobClient(ResourceNames.Blobs);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCatalogCache();
        builder.AddShopMessaging();
        builder.AddMessageTransport();
        builder.AddShopJobs();
        builder.Services.AddOptions<PaymentSimulatorOptions>().BindConfiguration(PaymentSimulatorOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddAdminAuthentication();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        return builder;
    }
}
