using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Archive;
using Shop.Jobs;

namespace Shop.Data.Configurations;

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> run)
    {
        run.Property(r => r.Job).HasMaxLength(100);
        run.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
        run.Property(r => r.Error).HasMaxLength(4000);
        run.Property(r => r.Host).HasMaxLength(200);
        run.HasIndex(r => new { r.Job, r.Outcome });
    }
}

internal sealed class ArchivedOrderConfiguration : IEntityTypeConfiguration<ArchivedOrder>
{
    public void Configure(EntityTypeBuilder<ArchivedOrder> archived)
    {
        archived.HasKey(a => a.OrderId);
        archived.Property(a => a.OrderId).ValueGeneratedNever();
        archived.Property(a => a.BlobName).HasMaxLength(300);
    }
}
