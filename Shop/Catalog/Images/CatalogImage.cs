namespace Shop.Catalog.Images;

public enum CatalogImageStatus
{
    /// <summary>Uploaded; the Worker has not made its renditions yet, so pages show the original.</summary>
    Pending,
    Ready,
    /// <summary>The Worker could not decode it; the item went back to its previous image.</summary>
    Failed,
}

/// <summary>
/// One uploaded image of a catalog item. Its blobs have immutable names under <see cref="Prefix"/>; a new upload
/// makes a new image, and the replaced one is deleted by housekeeping after a grace period.
/// </summary>
public sealed class CatalogImage
{
    public Guid Id { get; set; }
    /// <summary>No foreign key: the row outlives a deleted item until housekeeping removes its blobs.</summary>
    public int ItemId { get; set; }
    public required string OriginalBlob { get; set; }
    public required string ContentType { get; set; }
    /// <summary>Upright size (after EXIF orientation); 0 for images stored before renditions existed.</summary>
    public int Width { get; set; }
    public int Height { get; set; }
    public CatalogImageStatus Status { get; set; }
    /// <summary>Widths of the WebP renditions made so far, ascending.</summary>
    public int[] Widths { get; set; } = [];
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadyAt { get; set; }
    /// <summary>When it stopped being its item's image (a newer upload, or the item was deleted).</summary>
    public DateTimeOffset? ReplacedAt { get; set; }

    public static string Prefix(Guid id) => $"{id:N}/";

    public static string OriginalName(Guid id) => $"{Prefix(id)}original";

    public static string RenditionName(Guid id, int width) => $"{Prefix(id)}{width}.webp";
}
