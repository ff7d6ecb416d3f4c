using Microsoft.AspNetCore.Mvc;
using Web.Cart;

namespace Web.Ordering;

/// <summary>
/// POST /checkout turns the cart into an order. The form carries an idempotency key generated when the
/// form was rendered, so a double click or a resubmitted form places the same order, never two.
/// </summary>
internal static class CheckoutEndpoints
{
    public static IEndpointRouteBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/checkout", async ([FromForm] string? email, [FromForm] string? checkoutKey,
            CartStore carts, OrderClient orders, HttpContext context) =>
        {
            if (CartCookie.Read(context) is not { } cartId || string.IsNullOrWhiteSpace(checkoutKey))
            {
                return Results.LocalRedirect("/cart");
            }
            var lines = await carts.GetAsync(cartId);
            if (lines.Count == 0)
            {
                return Results.LocalRedirect("/cart");
            }
            var result = await orders.PlaceAsync(checkoutKey, email?.Trim() ?? "", lines.Select(l => (l.ItemId, l.Quantity)));
            if (result.OrderId is not { } id)
            {
                return Results.LocalRedirect($"/checkout?error={Uri.EscapeDataString(result.Error!)}&email={Uri.EscapeDataString(email ?? "")}");
            }
            await carts.ClearAsync(cartId);
            return Results.LocalRedirect($"/orders/{id}");
        });
        return app;
    }
}
