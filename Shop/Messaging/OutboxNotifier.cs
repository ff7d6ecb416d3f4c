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
/// A lost notification costs nothing but latency: consumers also poll.
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

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        await NotifyAsync(eventData.Context);

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

    private async Task NotifyAsync(DbContext? context)
    {
        if (context is not ShopDbContext { PendingNotifications.Count: > 0 } shop)
        {
            return;
        }
        var queues = shop.PendingNotifications.ToList();
        shop.PendingNotifications.Clear();
        try
        {
            // A connection of its own: the context's may still carry the transaction that just committed.
            foreach (var queue in queues)
            {
                await using var notify = dataSource.CreateCommand("SELECT pg_notify('outbox', @queue)");
                notify.Parameters.AddWithValue("queue", queue);
                await notify.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            // Polling picks the messages up; the order is already committed.
        }
    }
}
