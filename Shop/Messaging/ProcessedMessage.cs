namespace Shop.Messaging;

/// <summary>Written in the handler's transaction: a second delivery of the same message finds it and does nothing.</summary>
public sealed class ProcessedMessage
{
    public required string Consumer { get; set; }
    public Guid MessageId { get; set; }
    public DateTimeOffset ProcessedAt { get; set; }
}
