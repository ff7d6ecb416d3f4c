#if SHOP_SERVICE_BUS
using Shop.ServiceBus;
#endif
using Shop.Messaging;

namespace Worker.Messaging;

internal static class TransportSetup
{
    /// <summary>
    /// With <c>Messaging:Transport=ServiceBus</c>, the outbox relay and the Service Bus consumer replace the
    /// PostgreSQL consumer. Call it after AddMessageConsumers (its dead-letter store is replaced).
    /// </summary>
    public static IHostApplicationBuilder AddMessageTransport(this IHostApplicationBuilder builder)
    {
        if (MessagingExtensions.Transport(builder) != MessageTransport.ServiceBus)
        {
            return builder;
        }
#if SHOP_SERVICE_BUS
        return builder.AddServiceBusTransport(consume: true);
#else
        throw new InvalidOperationException(
            "This build has no Service Bus adapter: build with -p:ShopServiceBus=true on a machine that can restore Azure.Messaging.ServiceBus.");
#endif
    }
}
