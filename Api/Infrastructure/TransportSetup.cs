#if SHOP_SERVICE_BUS
using Shop.ServiceBus;
#endif
using Shop.Messaging;

namespace Api.Infrastructure;

internal static class TransportSetup
{
    /// <summary>
    /// With <c>Messaging:Transport=ServiceBus</c>, the admin API reads dead letters from Service Bus. The Api
    /// only publishes (outbox rows the Worker relays), so it consumes nothing. Call it after AddShopMessaging.
    /// </summary>
    public static IHostApplicationBuilder AddMessageTransport(this IHostApplicationBuilder builder)
    {
        if (MessagingExtensions.Transport(builder) != MessageTransport.ServiceBus)
        {
            return builder;
        }
#if SHOP_SERVICE_BUS
        return builder.AddServiceBusTransport(consume: false);
#else
        throw new InvalidOperationException(
            "This build has no Service Bus adapter: build with -p:ShopServiceBus=true on a machine that can restore Azure.Messaging.ServiceBus.");
#endif
    }
}
