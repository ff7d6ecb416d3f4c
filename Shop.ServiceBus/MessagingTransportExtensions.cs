using Microsoft.Extensions.Hosting;
using Shop.ServiceBus;

namespace Shop.Messaging;

public static class MessagingTransportExtensions
{
    /// <summary>
    /// Messaging for a host: the options and the transport <c>Messaging:Transport</c> names (PostgreSQL unless it
    /// says ServiceBus). Publishing needs nothing more, since it is a row in the outbox (<see cref="Outbox.Publish"/>);
    /// with <paramref name="consume"/> (the Worker) the transport's consumers run too.
    /// </summary>
    public static IHostApplicationBuilder AddShopMessaging(this IHostApplicationBuilder builder, bool consume) =>
        builder.AddMessagingOptions() == MessageTransport.ServiceBus
            ? builder.AddServiceBusTransport(consume)
            : builder.AddPostgresTransport(consume);
}
