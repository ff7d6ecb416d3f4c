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

/// <summary>The columns an outbox row and a dead letter share: a dead letter is the row moved aside, column for column.</summary>
file static class Envelope
{
    public static void Configure<T>(EntityTypeBuilder<T> message) where T : class
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
