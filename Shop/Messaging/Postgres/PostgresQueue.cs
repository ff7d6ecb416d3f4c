using Npgsql;

namespace Shop.Messaging.Postgres;

/// <summary>
/// The PostgreSQL transport's queue operations on <c>outbox_messages</c>. A claim hides a message for the
/// visibility timeout; acknowledging deletes it; a failure makes it visible again after a backoff.
/// </summary>
public sealed class PostgresQueue(NpgsqlDataSource dataSource)
{
    private const string ClaimSql = $"""
        UPDATE outbox_messages
        SET available_at = now() + @visibility, delivery_count = delivery_count + 1
        WHERE id IN (SELECT id FROM outbox_messages
                     WHERE queue = @queue AND available_at <= now()
                     ORDER BY available_at
                     LIMIT @limit
                     FOR UPDATE SKIP LOCKED)
        RETURNING {OutboxColumns.Envelope}, delivery_count
        """;

    private const string DeadLetterSql = $"""
        WITH moved AS (DELETE FROM outbox_messages WHERE id = @id RETURNING *)
        INSERT INTO dead_letters ({OutboxColumns.Envelope}, delivery_count, last_error, dead_lettered_at)
        SELECT {OutboxColumns.Envelope}, delivery_count, @error, now() FROM moved
        """;

    public async Task<IReadOnlyList<MessageEnvelope>> ClaimAsync(string queue, int limit, TimeSpan visibility, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("visibility", visibility);
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claimed = new List<MessageEnvelope>();
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(OutboxColumns.Read(reader));
        }
        return claimed;
    }

    public Task AcknowledgeAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ExecuteAsync("DELETE FROM outbox_messages WHERE id = ANY(@ids)", ct, ("ids", ids.ToArray()));

    public Task RetryLaterAsync(Guid id, TimeSpan delay, string error, CancellationToken ct) =>
        ExecuteAsync("UPDATE outbox_messages SET available_at = now() + @delay, last_error = @error WHERE id = @id",
            ct, ("id", id), ("delay", delay), ("error", Truncate(error)));

    public Task DeadLetterAsync(Guid id, string error, CancellationToken ct) =>
        ExecuteAsync(DeadLetterSql, ct, ("id", id), ("error", Truncate(error)));

    /// <summary>Gives an unfinished message back at once, without counting the interrupted delivery.</summary>
    public Task ReleaseAsync(Guid id, CancellationToken ct) =>
        ExecuteAsync("UPDATE outbox_messages SET available_at = now(), delivery_count = greatest(delivery_count - 1, 0) WHERE id = @id",
            ct, ("id", id));

    private async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string Truncate(string error) => error.Length <= 4000 ? error : error[..4000];
}
