namespace Shop.Messaging;

/// <summary>A message that failed MaxDeliveries times (PostgreSQL transport), kept with its last error to inspect, replay or purge.</summary>
public sealed class DeadLetter : StoredMessage
{
    public DateTimeOffset DeadLetteredAt { get; set; }
}
