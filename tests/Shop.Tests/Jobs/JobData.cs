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
        new(new DbContextOptionsBuilder<ShopDbContext>().UseNpgsql(Database.ConnectionString).Options);

    public Dictionary<string, string?> Settings() => Infrastructure.Settings.For(Database.ConnectionString);

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
