using ServiceDefaults;
using Shop.Data;
using Shop.Storage;

namespace Api.Infrastructure;

internal static class ApiServices
{
    public static IHostApplicationBuilder AddApiServices(this IHostApplicationBuilder builder)
    {
        builder.AddShopDatabase();
        builder.AddRedisClient(ResourceNames.Cache);
        builder.AddAzureBlobClient(ResourceNames.Blobs);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DependencyFailureHandler>();
        return builder;
    }
}
