using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shop.Messaging;

namespace Shop.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        Envelope.Configure(message);
        message.HasIndex(m => new { m.Queue, m.AvailableAt });
    }
}

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> message)
    {
        Envelope.Configure(message);
        message.HasIndex(m => m.DeadLetteredAt);
    }
}

internal sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> processed)
    {
        processed.HasKey(p => new { p.Consumer, p.MessageId });
        processed.Property(p => p.Consumer).HasMaxLength(100);
        processed.HasIndex(p => p.ProcessedAt);
    }
}

file static class Envelope
{
    public static void Configure<T>(EntityTypeBuilder<T> message) where T : StoredMessage
    {
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.Queue).HasMaxLength(100);
        message.Property(m => m.Type).HasMaxLength(100);
        message.Property(m => m.Payload).HasColumnType("jsonb");
        message.Property(m => m.CorrelationId).HasMaxLength(100);
        message.Property(m => m.TraceParent).HasMaxLength(100);
        message.Property(m => m.TraceState).HasMaxLength(500);
        message.Property(m => m.LastError).HasMaxLength(4000);
    }
}
