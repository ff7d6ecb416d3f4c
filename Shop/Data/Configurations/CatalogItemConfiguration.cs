using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Catalog;

namespace Shop.Data.Configurations;

internal sealed class CatalogItemConfiguration : IEntityTypeConfiguration<CatalogItem>
{
    public void Configure(EntityTypeBuilder<CatalogItem> item)
    {
        item.Property(i => i.Name).HasMaxLength(200);
        item.Property(i => i.Description).HasMaxLength(4000);
        item.Property(i => i.Price).HasPrecision(10, 2);
        item.HasOne(i => i.Image).WithMany().HasForeignKey(i => i.ImageId).OnDelete(DeleteBehavior.SetNull);
        item.Property(i => i.Version).IsRowVersion();
        // Name weighs more than description, so an exact-name search ranks that item first.
        item.Property(i => i.SearchVector).HasComputedColumnSql(
            "setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')", stored: true);
        item.HasIndex(i => i.SearchVector).HasMethod("GIN");
        item.ToTable(t => t.HasCheckConstraint("ck_catalog_items_stock", "stock >= 0"));
    }
}
