namespace Shop.Messaging;

/// <summary>A message that failed MaxDeliveries times (PostgreSQL transport), kept with its last error to inspect, replay or purge.</summary>
public sealed class DeadLetter
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
    public DateTimeOffset DeadLetteredAt { get; set; }
}
