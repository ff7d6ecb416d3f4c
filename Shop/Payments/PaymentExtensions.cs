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
        // A provider's brown-outs are tolerated longer than other dependencies' failures (Worker/appsettings.json).
        builder.Services.AddHttpClient<PaymentClient>((sp, http) =>
            http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<PaymentOptions>>().Value.BaseUrl.TrimEnd('/') + "/"))
            .AddOwnResilienceHandler();
        return builder;
    }
}
