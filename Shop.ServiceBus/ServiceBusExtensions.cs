using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDefaults;
using Shop.Messaging;

namespace Shop.ServiceBus;

public static class ServiceBusExtensions
{
    /// <summary>Every queue the shop uses (the AppHost declares the same); dead letters are listed from these.</summary>
    internal static readonly IReadOnlyList<string> Queues = [ResourceNames.OrdersQueue, ResourceNames.NotificationsQueue];

    /// <summary>
    /// The Service Bus transport (<c>Messaging:Transport=ServiceBus</c>): one ServiceBusClient from
    /// ConnectionStrings__messaging, the dead-letter store over the dead-letter subqueues and a "servicebus"
    /// health check; with <paramref name="consume"/> (the Worker) also the outbox relay and the consumer.
    /// Call it after AddShopMessaging / AddMessageConsumers: it replaces their PostgreSQL dead-letter store.
    /// </summary>
    public static IHostApplicationBuilder AddServiceBusTransport(this IHostApplicationBuilder builder, bool consume)
    {
        var connection = ServiceBusConnection.Parse(builder.Configuration.GetConnectionString(ResourceNames.Messaging)
            ?? throw new InvalidOperationException(
                $"Connection string '{ResourceNames.Messaging}' is missing: set ConnectionStrings__{ResourceNames.Messaging}."));
        builder.Services.AddSingleton(_ => connection.CreateClient());
        if (!connection.IsEmulator)
        {
            builder.Services.AddSingleton(_ => connection.CreateAdministrationClient());
        }

        builder.Services.RemoveAll<IDeadLetterStore>();
        builder.Services.AddSingleton<IDeadLetterStore>(sp => new ServiceBusDeadLetterStore(
            sp.GetRequiredService<ServiceBusClient>(), sp.GetService<ServiceBusAdministrationClient>(), Queues,
            sp.GetRequiredService<ILogger<ServiceBusDeadLetterStore>>()));

        builder.Services.AddSingleton<ServiceBusHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<ServiceBusHealthCheck>("servicebus");

        if (consume)
        {
            builder.Services.TryAddSingleton<MessageDispatcher>();
            builder.Services.AddHostedService<ServiceBusOutboxRelay>();
            builder.Services.AddHostedService<ServiceBusConsumer>();
        }
        return builder;
    }
}
