using System.Diagnostics;
using System.Text.Json;

namespace Shop.Messaging;

/// <summary>Implemented by every message: the queue it travels on. The type name is its wire type.</summary>
public interface IMessage
{
    static abstract string Queue { get; }
}

/// <summary>A delivered message, whatever the transport.</summary>
public sealed record MessageEnvelope(
    Guid Id, string Queue, string Type, string Payload, string CorrelationId,
    string? TraceParent, string? TraceState, int DeliveryCount, DateTimeOffset CreatedAt)
{
    public T Deserialize<T>() => JsonSerializer.Deserialize<T>(Payload, JsonSerializerOptions.Web)
        ?? throw new JsonException($"Message {Id} of type {Type} has an empty payload.");

    /// <summary>The publisher's trace context, so processing continues the trace that published the message.</summary>
    public ActivityContext ParentContext =>
        ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out var context) ? context : default;
}

public interface IMessageHandler<in T> where T : IMessage
{
    /// <summary>
    /// Runs once per delivery, in its own DI scope. Delivery is at least once: a handler must make a
    /// second delivery of the same <paramref name="envelope"/> a no-op (see <see cref="ProcessedMessage"/>).
    /// Throwing schedules a retry with backoff; after MaxDeliveries the message is dead-lettered.
    /// </summary>
    Task HandleAsync(T message, MessageEnvelope envelope, CancellationToken cancellationToken);
}
