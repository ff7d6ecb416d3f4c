using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Shop.Messaging;

namespace Shop.Catalog.Images;

public static class ImagesExtensions
{
    /// <summary>Image limits, for the Api's upload checks, the Worker's renditions and housekeeping.</summary>
    public static IServiceCollection AddImageOptions(this IServiceCollection services)
    {
        services.AddOptions<ImageOptions>().BindConfiguration(ImageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>The Worker's side of the image pipeline: the consumer of the <c>images</c> queue.</summary>
    public static IHostApplicationBuilder AddImageProcessing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddImageOptions();
        builder.Services.AddCatalogCache();
        builder.Services.TryAddSingleton<RenderGate>();
        builder.Services.AddMessageHandler<ImageUploaded, ImageUploadedHandler>();
        return builder;
    }
}
