using NpgsqlTypes;
using Shop.Catalog.Images;

namespace Shop.Catalog;

public sealed class CatalogItem
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    /// <summary>Price in EUR.</summary>
    public decimal Price { get; set; }
    public int Stock { get; set; }
    /// <summary>The image pages show: the newest upload that has not failed, or null when the item has none.</summary>
    public Guid? ImageId { get; set; }
    public CatalogImage? Image { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>PostgreSQL's xmin: a stale update fails instead of overwriting.</summary>
    public uint Version { get; set; }
    public NpgsqlTsVector SearchVector { get; set; } = null!;
}
