namespace Shop.Messaging;

/// <summary>
/// A message written in the same transaction as the state change it announces. With the PostgreSQL
/// transport this row is the queue entry itself; with Service Bus the relay forwards and deletes it.
/// </summary>
public sealed class OutboxMessage : StoredMessage
{
    /// <summary>When a consumer may claim it next: now, after a retry's backoff, or after a claim's visibility timeout.</summary>
    public DateTimeOffset AvailableAt { get; set; }
}
