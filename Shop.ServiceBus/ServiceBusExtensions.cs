using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Shop.Messaging;

namespace Shop.ServiceBus;

public static class ServiceBusExtensions
{
    /// <summary>Every queue the shop uses (the AppHost declares the same); dead letters are listed from these.</summary>
    internal static readonly IReadOnlyList<string> Queues = ResourceNames.Queues;

    /// <summary>
    /// The Service Bus transport: the client from <c>ConnectionStrings__messaging</c> with its health check, the
    /// dead-letter store over the queues' dead-letter subqueues and, with <paramref name="consume"/> (the
    /// Worker), the outbox relay and the consumer.
    /// </summary>
    public static IHostApplicationBuilder AddServiceBusTransport(this IHostApplicationBuilder builder, bool consume)
    {
        AzureMessagingServiceBusSettings? settings = null;
        builder.AddAzureServiceBusClient(ResourceNames.Messaging, s =>
        {
            s.HealthCheckQueueName ??= ResourceNames.OrdersQueue;
            settings = s;
        });
        var administration = Administration(settings!);
        builder.Services.AddSingleton<IDeadLetterStore>(sp => new ServiceBusDeadLetterStore(
            sp.GetRequiredService<ServiceBusClient>(), administration?.Invoke(), Queues,
            sp.GetRequiredService<ILogger<ServiceBusDeadLetterStore>>()));
        if (consume)
        {
            builder.Services.AddSingleton<MessageDispatcher>();
            builder.Services.AddHostedService<ServiceBusOutboxRelay>();
            builder.Services.AddHostedService<ServiceBusConsumer>();
        }
        return builder;
    }

    /// <summary>The emulator has no administration API, so nothing may depend on one there (null).</summary>
    internal static Func<ServiceBusAdministrationClient>? Administration(AzureMessagingServiceBusSettings settings) =>
        settings.ConnectionString is { } connectionString
            ? connectionString.Contains("UseDevelopmentEmulator=true", StringComparison.OrdinalIgnoreCase)
                ? null
                : () => new ServiceBusAdministrationClient(connectionString)
            : () => new ServiceBusAdministrationClient(settings.FullyQualifiedNamespace, new DefaultAzureCredential());
}
