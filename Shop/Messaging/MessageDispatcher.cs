using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Messaging;

/// <summary>One registered handler: the wire type it consumes and how to run it.</summary>
public sealed record HandlerRegistration(string Type, string Queue, Func<IServiceProvider, MessageEnvelope, CancellationToken, Task> Invoke);

/// <summary>
/// Runs the handler for a delivered message, whatever the transport: a DI scope per message and a
/// consumer span that continues the publisher's trace (W3C traceparent carried in the message).
/// </summary>
public sealed class MessageDispatcher(IServiceScopeFactory scopes, IEnumerable<HandlerRegistration> registrations)
{
    private readonly Dictionary<string, HandlerRegistration> _handlers = registrations.ToDictionary(r => r.Type);

    public IReadOnlyCollection<string> Queues => [.. _handlers.Values.Select(h => h.Queue).Distinct()];

    public async Task DispatchAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        using var activity = ShopTelemetry.Source.StartActivity(
            $"{envelope.Queue} process", ActivityKind.Consumer, envelope.ParentContext);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", envelope.Queue);
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        activity?.SetTag("messaging.message.conversation_id", envelope.CorrelationId);
        activity?.SetTag("messaging.message.type", envelope.Type);
        activity?.SetTag("messaging.message.delivery_count", envelope.DeliveryCount);
        if (!_handlers.TryGetValue(envelope.Type, out var handler))
        {
            throw new InvalidOperationException($"No handler is registered for message type '{envelope.Type}'.");
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await handler.Invoke(scope.ServiceProvider, envelope, cancellationToken);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }
}

public static class MessageHandlerRegistration
{
    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services)
        where TMessage : IMessage
        where THandler : class, IMessageHandler<TMessage>
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new HandlerRegistration(typeof(TMessage).Name, TMessage.Queue,
            (sp, envelope, ct) => sp.GetRequiredService<THandler>().HandleAsync(envelope.Deserialize<TMessage>(), envelope, ct)));
        return services;
    }
}
