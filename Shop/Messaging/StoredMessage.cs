namespace Shop.Messaging;

/// <summary>
/// The envelope an outbox row and a dead letter share: a dead letter is the row moved aside, column for column
/// (<see cref="Postgres.OutboxColumns"/> names these columns for the raw SQL).
/// </summary>
public abstract class StoredMessage
{
    public Guid Id { get; set; }
    public required string Queue { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public required string CorrelationId { get; set; }
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int DeliveryCount { get; set; }
    public string? LastError { get; set; }
}
