namespace Shop.Messaging;

public sealed record DeadLetterView(
    Guid Id, string Queue, string Type, string CorrelationId, int DeliveryCount, string? LastError,
    string Payload, DateTimeOffset CreatedAt, DateTimeOffset DeadLetteredAt);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> Items, int Page, int PageSize, long Total);

/// <summary>Dead letters are first-class: list them with their last error, replay or purge one.</summary>
public interface IDeadLetterStore
{
    Task<DeadLetterPage> ListAsync(int page, int pageSize, CancellationToken ct);

    /// <summary>Puts the message back on its queue with a fresh delivery count. False when there is no such dead letter.</summary>
    Task<bool> ReplayAsync(Guid id, CancellationToken ct);

    Task<bool> DeleteAsync(Guid id, CancellationToken ct);
}
