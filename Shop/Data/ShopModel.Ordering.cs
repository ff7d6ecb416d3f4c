using Microsoft.EntityFrameworkCore;
using Shop.Jobs;
using Shop.Messaging;
using Shop.Ordering;

namespace Shop.Data;

/// <summary>Model of the ordering and messaging tables (Migrations/002_orders.sql).</summary>
internal static class OrderingModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.Property(o => o.Email).HasMaxLength(320);
            order.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            order.Property(o => o.Total).HasPrecision(12, 2);
            order.Ignore(o => o.IsFinal);
            order.Property(o => o.Version).IsRowVersion();
            order.HasIndex(o => new { o.Status, o.CreatedAt });
            order.HasIndex(o => o.ArchiveBatch);
            order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
            order.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrderId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<OrderLine>(line =>
        {
            line.ToTable("order_lines");
            line.HasKey(l => new { l.OrderId, l.LineNo });
            line.Property(l => l.LineNo).ValueGeneratedNever();
            line.Property(l => l.ItemName).HasMaxLength(200);
            line.Property(l => l.UnitPrice).HasPrecision(10, 2);
        });
        modelBuilder.Entity<OrderStatusChange>(change =>
        {
            change.ToTable("order_status_changes");
            change.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            change.Property(c => c.Reason).HasMaxLength(500);
        });
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => r.Key);
            record.Property(r => r.Key).HasMaxLength(200);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.Property(r => r.Location).HasMaxLength(500);
            record.HasIndex(r => r.ExpiresAt);
        });
        modelBuilder.Entity<OutboxMessage>(message =>
        {
            ConfigureEnvelope(message);
            message.HasIndex(m => new { m.Queue, m.AvailableAt });
        });
        modelBuilder.Entity<DeadLetter>(message =>
        {
            ConfigureEnvelope(message);
            message.HasIndex(m => m.DeadLetteredAt);
        });
        modelBuilder.Entity<JobRun>(run =>
        {
            run.Property(r => r.Job).HasMaxLength(100);
            run.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(20);
            run.Property(r => r.Error).HasMaxLength(4000);
            run.Property(r => r.Host).HasMaxLength(200);
            run.HasIndex(r => new { r.Job, r.Outcome });
        });
        modelBuilder.Entity<ArchivedOrder>(archived =>
        {
            archived.HasKey(a => a.OrderId);
            archived.Property(a => a.OrderId).ValueGeneratedNever();
            archived.Property(a => a.BlobName).HasMaxLength(300);
        });
        modelBuilder.Entity<ProcessedMessage>(processed =>
        {
            processed.HasKey(p => new { p.Consumer, p.MessageId });
            processed.Property(p => p.Consumer).HasMaxLength(100);
            processed.HasIndex(p => p.ProcessedAt);
        });
    }

    private static void ConfigureEnvelope<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> message) where T : class
    {
        message.Property<Guid>("Id").ValueGeneratedNever();
        message.Property<string>("Queue").HasMaxLength(100);
        message.Property<string>("Type").HasMaxLength(100);
        message.Property<string>("Payload").HasColumnType("jsonb");
        message.Property<string>("CorrelationId").HasMaxLength(100);
        message.Property<string?>("TraceParent").HasMaxLength(100);
        message.Property<string?>("TraceState").HasMaxLength(500);
        message.Property<string?>("LastError").HasMaxLength(4000);
    }
}
