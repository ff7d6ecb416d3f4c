namespace Shop.Archive;

/// <summary>Where an archived order went, so the Api can still find it.</summary>
public sealed class ArchivedOrder
{
    public Guid OrderId { get; set; }
    public required string BlobName { get; set; }
    public DateTimeOffset ArchivedAt { get; set; }
}
