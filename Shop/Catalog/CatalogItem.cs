using NpgsqlTypes;

namespace Shop.Catalog;

public sealed class CatalogItem
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    /// <summary>Price in EUR.</summary>
    public decimal Price { get; set; }
    public int Stock { get; set; }
    /// <summary>Blob name in the <c>images</c> container, or null when the item has no image.</summary>
    public string? ImageBlob { get; set; }
    public string? ImageContentType { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's xmin: a stale update fails instead of overwriting.</summary>
    public uint Version { get; set; }
    public NpgsqlTsVector SearchVector { get; set; } = null!;
}
