using System.Data.Common;

namespace Shop.Messaging.Postgres;

/// <summary>
/// The envelope columns that an outbox row and a dead letter share, in the order of
/// <see cref="MessageEnvelope"/>: the one list every raw statement of the queue, the dead letters and the
/// Service Bus relay uses (a test compares it with the EF model).
/// </summary>
public static class OutboxColumns
{
    public const string Envelope = "id, queue, type, payload, correlation_id, trace_parent, trace_state, created_at";

    /// <summary>Reads <see cref="Envelope"/> followed by <c>delivery_count</c>.</summary>
    public static MessageEnvelope Read(DbDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
        DeliveryCount: reader.GetInt32(8), CreatedAt: reader.GetFieldValue<DateTimeOffset>(7));
}
