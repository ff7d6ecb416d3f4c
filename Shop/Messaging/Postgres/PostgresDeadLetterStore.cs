using Microsoft.EntityFrameworkCore;
using Npgsql;
using Shop.Data;

namespace Shop.Messaging.Postgres;

/// <summary>Dead letters of the PostgreSQL transport live in the <c>dead_letters</c> table.</summary>
public sealed class PostgresDeadLetterStore(ShopDbContext db, NpgsqlDataSource dataSource) : IDeadLetterStore
{
    // Keeps the message id, so consumers' processed-message records still recognise it.
    private const string ReplaySql = $"""
        WITH moved AS (DELETE FROM dead_letters WHERE id = @id RETURNING *)
        INSERT INTO outbox_messages ({OutboxColumns.Envelope}, available_at, delivery_count, last_error)
        SELECT {OutboxColumns.Envelope}, now(), 0, last_error FROM moved
        RETURNING queue
        """;

    public async Task<DeadLetterPage> ListAsync(int page, int pageSize, CancellationToken ct)
    {
        var total = await db.DeadLetters.LongCountAsync(ct);
        var items = await db.DeadLetters.AsNoTracking()
            .OrderByDescending(d => d.DeadLetteredAt).ThenBy(d => d.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(d => new DeadLetterView(d.Id, d.Queue, d.Type, d.CorrelationId, d.DeliveryCount, d.LastError,
                d.Payload, d.CreatedAt, d.DeadLetteredAt))
            .ToListAsync(ct);
        return new DeadLetterPage(items, page, pageSize, total);
    }

    public async Task<bool> ReplayAsync(Guid id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ReplaySql);
        command.Parameters.AddWithValue("id", id);
        if (await command.ExecuteScalarAsync(ct) is not string queue)
        {
            return false;
        }
        // After the commit, like every publish (OutboxNotifier); consumers also poll.
        await using var notify = dataSource.CreateCommand("SELECT pg_notify('outbox', @queue)");
        notify.Parameters.AddWithValue("queue", queue);
        await notify.ExecuteNonQueryAsync(ct);
        return true;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct) =>
        await db.DeadLetters.Where(d => d.Id == id).ExecuteDeleteAsync(ct) == 1;
}
