using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Shop.Catalog;
using Shop.Data;
using Shop.Messaging;
using Shop.Payments;

namespace Shop.Ordering;

/// <summary>
/// Takes a placed order to a final status. Each step commits on its own and the order's status says
/// where a redelivery resumes: Placed → reserve stock; StockReserved → charge (the order id is the
/// payment's idempotency key) and confirm, or fail and release the stock. The order's row version makes
/// two concurrent deliveries collide instead of both applying a step. The status is the whole idempotency record:
/// a redelivery of a finished order changes nothing, so no processed-message row is written (one insert and one
/// lookup less per order, see bench/results.md).
/// </summary>
public sealed partial class OrderPlacedHandler(
    ShopDbContext db, PaymentClient payments, CatalogCache catalogCache, TimeProvider clock, ILogger<OrderPlacedHandler> logger) : IMessageHandler<OrderPlaced>
{
    public async Task HandleAsync(OrderPlaced message, MessageEnvelope envelope, CancellationToken ct)
    {
        var order = await db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Id == message.OrderId, ct)
            ?? throw new InvalidOperationException($"Order {message.OrderId} does not exist.");
        if (order.Status == OrderStatus.Placed && !await TryReserveStockAsync(order, ct))
        {
            return; // rejected
        }
        if (order.Status == OrderStatus.StockReserved)
        {
            await ChargeAsync(order, ct);
        }
        // Otherwise already final: another delivery of the same order got this far.
    }

    /// <summary>False when the order was rejected for lack of stock.</summary>
    private async Task<bool> TryReserveStockAsync(Order order, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The order's own row first: a second delivery fails its row-version check before it touches any stock,
        // and the hot item rows stay locked for one round trip only, their UPDATE to the COMMIT (the item lock
        // waits were the database's largest cost in bench/orders.sh).
        order.MoveTo(OrderStatus.StockReserved, "Stock reserved.", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        // Fixed item order, so two orders for the same items never deadlock; the stock >= quantity
        // condition makes each decrement atomic, so stock never goes negative.
        foreach (var (itemId, quantity) in Quantities(order))
        {
            var reserved = await db.CatalogItems.Where(i => i.Id == itemId && i.Stock >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock - quantity), ct);
            if (reserved == 0)
            {
                await transaction.RollbackAsync(ct);
                // The tracked order still shows the rolled-back step: start again from the stored one.
                db.ChangeTracker.Clear();
                var stored = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == order.Id, ct);
                // The reason names the product: the shopper reads it on the order page.
                var name = stored.Lines.First(l => l.ItemId == itemId).ItemName;
                await FailAsync(stored, OrderStatus.Rejected, $"Not enough stock for {name}: {quantity} ordered.", ct);
                LogRejected(logger, order.Id, itemId);
                return false;
            }
        }
        await transaction.CommitAsync(ct);
        await catalogCache.ForgetItemsAsync(Quantities(order).Select(q => q.ItemId));
        return true;
    }

    private async Task ChargeAsync(Order order, CancellationToken ct)
    {
        var result = await payments.ChargeAsync(new ChargeRequest(order.Id, order.Total, "EUR", order.Email), ct);
        if (!result.Approved)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            foreach (var (itemId, quantity) in Quantities(order))
            {
                await db.CatalogItems.Where(i => i.Id == itemId)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock + quantity), ct);
            }
            await FailAsync(order, OrderStatus.PaymentFailed, $"Payment declined: {result.DeclineReason}. Stock released.", ct);
            await transaction.CommitAsync(ct);
            await catalogCache.ForgetItemsAsync(Quantities(order).Select(q => q.ItemId));
            LogPaymentFailed(logger, order.Id, result.DeclineReason);
            return;
        }
        var now = clock.GetUtcNow();
        order.MoveTo(OrderStatus.Paid, $"Payment {result.Reference} approved.", now);
        order.MoveTo(OrderStatus.Confirmed, "Order confirmed.", now);
        db.Publish(new OrderConfirmed(order.Id), order.Id.ToString(), now);
        await db.SaveChangesAsync(ct);
        LogConfirmed(logger, order.Id);
    }

    private async Task FailAsync(Order order, OrderStatus status, string reason, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        order.MoveTo(status, reason, now);
        db.Publish(new OrderFailed(order.Id, status, reason), order.Id.ToString(), now);
        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<(int ItemId, int Quantity)> Quantities(Order order) =>
        order.Lines.GroupBy(l => l.ItemId).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(l => l.Quantity)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} confirmed")]
    private static partial void LogConfirmed(ILogger logger, Guid orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} rejected: not enough stock for item {ItemId}")]
    private static partial void LogRejected(ILogger logger, Guid orderId, int itemId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} payment failed: {Reason}")]
    private static partial void LogPaymentFailed(ILogger logger, Guid orderId, string? reason);
}
