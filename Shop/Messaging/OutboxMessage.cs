namespace Shop.Messaging;

/// <summary>
/// A message written in the same transaction as the state change it announces. With the PostgreSQL
/// transport this row is the queue entry itself; with Service Bus the relay forwards and deletes it.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public required string Queue { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public required string CorrelationId { get; set; }
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset AvailableAt { get; set; }
    public int DeliveryCount { get; set; }
    public string? LastError { get; set; }
}
