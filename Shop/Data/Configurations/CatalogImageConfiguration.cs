using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Catalog.Images;

namespace Shop.Data.Configurations;

internal sealed class CatalogImageConfiguration : IEntityTypeConfiguration<CatalogImage>
{
    public void Configure(EntityTypeBuilder<CatalogImage> image)
    {
        image.Property(i => i.Id).ValueGeneratedNever();
        image.Property(i => i.OriginalBlob).HasMaxLength(200);
        image.Property(i => i.ContentType).HasMaxLength(100);
        image.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        image.Property(i => i.FailureReason).HasMaxLength(1000);
        image.HasIndex(i => i.ItemId);
        // Housekeeping looks for replaced images past their grace period.
        image.HasIndex(i => i.ReplacedAt).HasFilter("replaced_at IS NOT NULL");
    }
}
