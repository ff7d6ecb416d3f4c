using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
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
        orders.MapPost("/orders", PlaceOrder.HandleAsync);
        orders.MapGet("/orders/{id:guid}", GetOrder).WithName(GetOrderRoute);
        return app;
    }

    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> GetOrder(Guid id, ShopDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History)
            .AsSplitQuery().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Order {id} does not exist.");
        }
        return TypedResults.Ok(ToDetails(order, archived: false));
    }

    internal static OrderDetails ToDetails(Order order, bool archived) => new(
        order.Id, order.Email, order.Status, order.Total, order.CreatedAt, order.UpdatedAt, order.IsFinal, archived,
        [.. order.Lines.OrderBy(l => l.LineNo).Select(l => new OrderLineDto(l.ItemId, l.ItemName, l.UnitPrice, l.Quantity))],
        [.. order.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new OrderStatusChangeDto(h.Status, h.Reason, h.At))]);
}
