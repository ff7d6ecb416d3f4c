using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Shop.Archive;
using Shop.Data;
using Shop.Ordering;

namespace Api.Ordering;

public static class OrdersApi
{
    public const string GetOrderRoute = "GetOrder";

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        // Grouped under /api so both routes are spelled out (a "" route in a group gains a trailing slash).
        var orders = app.MapGroup("/api").WithTags("Orders");
        orders.MapPost("/orders", PlaceOrder.HandleAsync).RequireRateLimiting(PlaceOrder.RateLimitPolicy);
        orders.MapGet("/orders/{id:guid}", GetOrder).WithName(GetOrderRoute);
        return app;
    }

    /// <summary>Falls back to the archive: an archived order is still returned, marked <c>archived</c>.</summary>
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> GetOrder(
        Guid id, ShopDbContext db, OrderArchive archive, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is not null)
        {
            return TypedResults.Ok(ToDetails(order));
        }
        if (await archive.FindAsync(id, ct) is { } record)
        {
            return TypedResults.Ok(ToDetails(record));
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Order {id} does not exist.");
    }

    private static OrderDetails ToDetails(Order order) => new(
        order.Id, order.Email, order.Status, order.Total, order.CreatedAt, order.UpdatedAt, order.IsFinal, Archived: false,
        [.. order.Lines.OrderBy(l => l.LineNo).Select(l => new OrderLineDto(l.ItemId, l.ItemName, l.UnitPrice, l.Quantity))],
        [.. order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderStatusChangeDto(h.Status, h.Reason, h.At))]);

    /// <summary>Archive records keep lines and history in order already; only final orders are archived.</summary>
    private static OrderDetails ToDetails(ArchiveRecord record) => new(
        record.Id, record.Email, record.Status, record.Total, record.CreatedAt, record.UpdatedAt, IsFinal: true, Archived: true,
        [.. record.Lines.Select(l => new OrderLineDto(l.ItemId, l.ItemName, l.UnitPrice, l.Quantity))],
        [.. record.History.Select(h => new OrderStatusChangeDto(h.Status, h.Reason, h.At))]);
}
