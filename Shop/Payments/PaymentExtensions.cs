using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Shop.Payments;

public static class PaymentExtensions
{
    public static IHostApplicationBuilder AddPaymentClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentOptions>().BindConfiguration(PaymentOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        // The resilience handler comes from ConfigureHttpClientDefaults in ServiceDefaults.
        builder.Services.AddHttpClient<PaymentClient>((sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<PaymentOptions>>().Value.BaseUrl.TrimEnd('/') + "/"));
        return builder;
    }
}
