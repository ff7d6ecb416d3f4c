using System.Globalization;
using Azure.Messaging.ServiceBus;
using Shop.Messaging;

namespace Shop.ServiceBus;

/// <summary>
/// How an outbox row travels as a Service Bus message and back. The outbox id is the MessageId, so
/// duplicate detection drops the relay's re-sends, and also the <see cref="ShopMessageId"/> property:
/// a replayed dead letter needs a fresh MessageId (the old one may still be inside the detection window,
/// which would silently drop the copy), yet consumers must recognise it as the message they may have
/// processed already, so the envelope id comes from the property.
/// </summary>
internal static class ServiceBusMapping
{
    public const string TypeProperty = "type";
    public const string TraceParentProperty = "traceparent";
    public const string TraceStateProperty = "tracestate";
    public const string ShopMessageId = "shop-message-id";
    public const string CreatedAtProperty = "shop-created-at";
    public const string DeadLetteredAtProperty = "shop-dead-lettered-at";
    public const string LastErrorProperty = "shop-last-error";

    public static ServiceBusMessage ToMessage(MessageEnvelope row)
    {
        var message = new ServiceBusMessage(BinaryData.FromString(row.Payload))
        {
            MessageId = row.Id.ToString(),
            CorrelationId = row.CorrelationId,
            Subject = row.Type,
            ContentType = "application/json",
            ApplicationProperties =
            {
                [TypeProperty] = row.Type,
                [ShopMessageId] = row.Id.ToString(),
                [CreatedAtProperty] = Timestamp(row.CreatedAt),
            },
        };
        // Application properties cannot hold null.
        if (row.TraceParent is not null)
        {
            message.ApplicationProperties[TraceParentProperty] = row.TraceParent;
        }
        if (row.TraceState is not null)
        {
            message.ApplicationProperties[TraceStateProperty] = row.TraceState;
        }
        return message;
    }

    public static MessageEnvelope ToEnvelope(string queue, ServiceBusReceivedMessage message) => new(
        IdOf(message) ?? throw new FormatException($"Message '{message.MessageId}' carries no shop message id."),
        queue,
        TypeOf(message),
        message.Body.ToString(),
        message.CorrelationId ?? "",
        Text(message, TraceParentProperty),
        Text(message, TraceStateProperty),
        message.DeliveryCount,
        Time(message, CreatedAtProperty) ?? message.EnqueuedTime);

    /// <summary>Messages dead-lettered by Service Bus itself (lock lost too often, expiry) have no shop timestamps.</summary>
    public static DeadLetterView ToView(string queue, ServiceBusReceivedMessage message) => new(
        IdOf(message) ?? Guid.Empty,
        queue,
        TypeOf(message),
        message.CorrelationId ?? "",
        message.DeliveryCount,
        Text(message, LastErrorProperty) ?? message.DeadLetterErrorDescription ?? message.DeadLetterReason,
        message.Body.ToString(),
        Time(message, CreatedAtProperty) ?? message.EnqueuedTime,
        Time(message, DeadLetteredAtProperty) ?? message.EnqueuedTime);

    /// <summary>
    /// The copy that goes back on the main queue: same body, properties and shop id, a new MessageId. The copy
    /// constructor already drops the broker's state (sequence number, delivery count, dead-letter reason).
    /// </summary>
    public static ServiceBusMessage ReplayCopy(ServiceBusReceivedMessage deadLetter, Guid id)
    {
        var copy = new ServiceBusMessage(deadLetter) { MessageId = Guid.NewGuid().ToString() };
        copy.ApplicationProperties[ShopMessageId] = id.ToString();
        copy.ApplicationProperties.Remove(DeadLetteredAtProperty);
        return copy;
    }

    public static Guid? IdOf(ServiceBusReceivedMessage message) =>
        Guid.TryParse(Text(message, ShopMessageId), out var id) || Guid.TryParse(message.MessageId, out id) ? id : null;

    public static string Timestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string Truncate(string value, int maxLength) => value.Length <= maxLength ? value : value[..maxLength];

    private static string TypeOf(ServiceBusReceivedMessage message) => Text(message, TypeProperty) ?? message.Subject ?? "";

    private static string? Text(ServiceBusReceivedMessage message, string name) =>
        message.ApplicationProperties.TryGetValue(name, out var value) ? value?.ToString() : null;

    private static DateTimeOffset? Time(ServiceBusReceivedMessage message, string name) =>
        DateTimeOffset.TryParse(Text(message, name), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
}
