using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Shop.Messaging.Postgres;

namespace Shop.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// Options and the dead-letter store of the configured transport. Publishing needs nothing more:
    /// it is a row in the outbox (<see cref="Outbox.Publish"/>). The Service Bus adapter replaces the
    /// dead-letter store and adds its relay and consumer when <c>Messaging:Transport=ServiceBus</c>.
    /// </summary>
    public static IHostApplicationBuilder AddShopMessaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<IDeadLetterStore, PostgresDeadLetterStore>();
        return builder;
    }

    /// <summary>The consuming side (Worker): the dispatcher and, for the PostgreSQL transport, the queue consumer.</summary>
    public static IHostApplicationBuilder AddMessageConsumers(this IHostApplicationBuilder builder)
    {
        builder.AddShopMessaging();
        builder.Services.AddSingleton<MessageDispatcher>();
        builder.Services.AddSingleton<PostgresQueue>();
        if (Transport(builder) == MessageTransport.Postgres)
        {
            builder.Services.AddHostedService<PostgresQueueConsumer>();
        }
        return builder;
    }

    public static MessageTransport Transport(IHostApplicationBuilder builder) =>
        builder.Configuration.GetSection(MessagingOptions.Section).GetValue(nameof(MessagingOptions.Transport), MessageTransport.Postgres);
}
