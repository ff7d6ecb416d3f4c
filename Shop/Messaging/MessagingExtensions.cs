using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Messaging.Postgres;

namespace Shop.Messaging;

public static class MessagingExtensions
{
    /// <summary>Binds <see cref="MessagingOptions"/> and returns the configured transport (<c>Messaging:Transport</c>).</summary>
    public static MessageTransport AddMessagingOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return builder.Configuration.GetSection(MessagingOptions.Section)
            .GetValue(nameof(MessagingOptions.Transport), MessageTransport.Postgres);
    }

    /// <summary>
    /// The PostgreSQL transport, where the outbox table is the queue: its dead-letter store and, with
    /// <paramref name="consume"/> (the Worker), the dispatcher and the queue consumer.
    /// </summary>
    public static IHostApplicationBuilder AddPostgresTransport(this IHostApplicationBuilder builder, bool consume)
    {
        builder.Services.AddScoped<IDeadLetterStore, PostgresDeadLetterStore>();
        if (consume)
        {
            builder.Services.AddSingleton<MessageDispatcher>();
            builder.Services.AddSingleton<PostgresQueue>();
            builder.Services.AddHostedService<PostgresQueueConsumer>();
        }
        return builder;
    }
}
