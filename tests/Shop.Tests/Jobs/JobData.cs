using Microsoft.EntityFrameworkCore;
using Shop.Data;
using Shop.Ordering;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Jobs;

/// <summary>A migrated database with orders written straight into it, at any date.</summary>
public sealed class JobData : IAsyncLifetime
{
    public ShopDatabase Database { get; } = new();

    public async ValueTask InitializeAsync() => await Database.InitializeAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public ShopDbContext NewDbContext() =>
        ShopDatabase.NewDbContext(Database.ConnectionString);

    public Dictionary<string, string?> Settings() => Infrastructure.Settings.For(Database.ConnectionString);

    /// <summary>
    /// Confirmed orders on a random day of <paramref name="year"/> to <paramref name="year"/> + 6: tests that
    /// list archive blobs by day use disjoint year ranges, so every blob under that day is theirs.
    /// </summary>
    public async Task<(DateTimeOffset Day, List<Guid> Ids)> AddConfirmedOrdersOnOwnDayAsync(int year, int count)
    {
        var day = new DateTimeOffset(year, 1, 1, 12, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 7 * 365));
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await AddOrderAsync(day.AddMinutes(i), OrderStatus.Confirmed, (1, "Tent", 10m, 1))).Id);
        }
        return (day, ids);
    }

    public async Task<Order> AddOrderAsync(DateTimeOffset createdAt, OrderStatus status, params (int ItemId, string Name, decimal Price, int Quantity)[] lines)
    {
        var order = new Order { Id = Guid.CreateVersion7(createdAt), Email = "jobs@example.com", CreatedAt = createdAt };
        order.Lines.AddRange(lines.Select((l, i) => new OrderLine
        {
            OrderId = order.Id, LineNo = i + 1, ItemId = l.ItemId, ItemName = l.Name, UnitPrice = l.Price, Quantity = l.Quantity,
        }));
        order.Total = order.Lines.Sum(l => l.UnitPrice * l.Quantity);
        order.MoveTo(OrderStatus.Placed, "Order accepted.", createdAt);
        if (status != OrderStatus.Placed)
        {
            order.MoveTo(status, $"Now {status}.", createdAt.AddMinutes(1));
        }
        await using var db = NewDbContext();
        db.Orders.Add(order);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return order;
    }
}
