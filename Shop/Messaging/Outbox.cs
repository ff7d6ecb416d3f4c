using System.Diagnostics;
using System.Text.Json;
using Shop.Data;

namespace Shop.Messaging;

public static class Outbox
{
    /// <summary>
    /// Adds the message to the context, so it commits in the same transaction as the state change it
    /// announces (SaveChanges). It carries the current W3C trace context and the correlation id.
    /// </summary>
    public static OutboxMessage Publish<T>(this ShopDbContext db, T message, string correlationId, DateTimeOffset now)
        where T : IMessage
    {
        var activity = Activity.Current;
        var outbox = new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Queue = T.Queue,
            Type = typeof(T).Name,
            Payload = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
            CorrelationId = correlationId,
            TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
            TraceState = activity?.TraceStateString,
            CreatedAt = now,
            AvailableAt = now,
        };
        db.OutboxMessages.Add(outbox);
        return outbox;
    }

    /// <summary>True when this consumer already processed the message (an earlier delivery committed).</summary>
    public static async Task<bool> AlreadyProcessedAsync(this ShopDbContext db, string consumer, Guid messageId, CancellationToken ct) =>
        await db.ProcessedMessages.FindAsync([consumer, messageId], ct) is not null;

    /// <summary>Records the message as processed; call before the handler's SaveChanges so both commit together.</summary>
    public static void MarkProcessed(this ShopDbContext db, string consumer, Guid messageId, DateTimeOffset now) =>
        db.ProcessedMessages.Add(new ProcessedMessage { Consumer = consumer, MessageId = messageId, ProcessedAt = now });
}
