using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using Shop.Data;

namespace Shop.Messaging;

/// <summary>
/// Sends <c>NOTIFY outbox</c> after a transaction that added outbox rows has committed, not inside it.
/// PostgreSQL serialises the commits of notifying transactions (a global lock held through the WAL flush),
/// which capped order intake in bench/orders.sh; a NOTIFY after the commit takes that lock only briefly.
/// Notifications of one queue are coalesced (see <see cref="NotifyGate"/>). A lost notification costs nothing but
/// latency: consumers also poll.
/// </summary>
/// <remarks>The shop saves asynchronously throughout, so only the async save path is intercepted.</remarks>
internal sealed class OutboxNotifier(NpgsqlDataSource dataSource) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await NotifyAsync(eventData.Context);
        }
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            (eventData.Context as ShopDbContext)?.PendingNotifications.Clear();
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        NotifyAsync(eventData.Context);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        (eventData.Context as ShopDbContext)?.PendingNotifications.Clear();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private static void Collect(DbContext? context)
    {
        if (context is ShopDbContext shop)
        {
            foreach (var entry in shop.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added))
            {
                shop.PendingNotifications.Add(entry.Entity.Queue);
            }
        }
    }

    private Task NotifyAsync(DbContext? context)
    {
        if (context is not ShopDbContext { PendingNotifications.Count: > 0 } shop)
        {
            return Task.CompletedTask;
        }
        foreach (var queue in shop.PendingNotifications)
        {
            // Not awaited: the committed request does not wait for a notification that serves everybody.
            _ = Task.Run(() => _gates.GetOrAdd(queue, q => new NotifyGate(q)).NotifyAsync(dataSource));
        }
        shop.PendingNotifications.Clear();
        return Task.CompletedTask;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NotifyGate> _gates = new();

    /// <summary>
    /// At most one NOTIFY per queue in flight: commits that arrive meanwhile only ask for one more, sent when it
    /// returns. A woken consumer claims everything visible, so under load one notification serves many commits.
    /// </summary>
    private sealed class NotifyGate(string queue)
    {
        private int _requested;
        private int _sending;

        public async Task NotifyAsync(NpgsqlDataSource dataSource)
        {
            Interlocked.Exchange(ref _requested, 1);
            while (Interlocked.CompareExchange(ref _sending, 1, 0) == 0)
            {
                while (Interlocked.Exchange(ref _requested, 0) == 1)
                {
                    await SendAsync(dataSource);
                }
                Volatile.Write(ref _sending, 0);
                // A request that came after the last check but before the release would otherwise wait for polling.
                if (Volatile.Read(ref _requested) == 0)
                {
                    return;
                }
            }
        }

        private async Task SendAsync(NpgsqlDataSource dataSource)
        {
            try
            {
                // A connection of its own: the context's may still carry the transaction that just committed.
                await using var notify = dataSource.CreateCommand("SELECT pg_notify('outbox', @queue)");
                notify.Parameters.AddWithValue("queue", queue);
                await notify.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // Polling picks the messages up; the order is already committed.
            }
        }
    }
}
