using Microsoft.AspNetCore.Mvc;
using Web.Cart;
using Web.Components;

namespace Web.Ordering;

/// <summary>
/// POST /checkout turns the cart into an order. The form carries an idempotency key generated when the
/// form was rendered, so a double click or a resubmitted form places the same order, never two, and leads to it.
/// A key that is not the form's kind (a GUID) gets the 400 page.
/// </summary>
internal static class CheckoutEndpoints
{
    public static IEndpointRouteBuilder MapCheckoutEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/checkout", async ([FromForm] string? email, [FromForm] Guid? checkoutKey,
            CartStore carts, OrderClient orders, PlacedCheckouts placed, HttpContext context) =>
        {
            if (CartCookie.Read(context) is not { } cartId || checkoutKey is not { } key)
            {
                return Results.LocalRedirect("/cart");
            }
            if (await placed.FindAsync(key) is { } earlier)
            {
                return Results.LocalRedirect($"/orders/{earlier}");
            }
            var lines = await carts.GetAsync(cartId);
            if (lines.Count == 0)
            {
                // A concurrent submit of this form may have placed the order and emptied the cart since the lookup above.
                return Results.LocalRedirect(await placed.FindAsync(key) is { } just ? $"/orders/{just}" : "/cart");
            }
            PlaceResult result;
            try
            {
                result = await orders.PlaceAsync(key.ToString(), email?.Trim() ?? "", lines.Select(l => (l.ItemId, l.Quantity)));
            }
            catch (Exception ex) when (ApiUnavailable.IsApiFailure(ex))
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            if (result.OrderId is not { } id)
            {
                return Results.LocalRedirect($"/checkout?error={Uri.EscapeDataString(result.Error!)}&email={Uri.EscapeDataString(email ?? "")}");
            }
            // Remembered before the cart is emptied: a submit that finds the cart empty finds the order.
            await placed.RememberAsync(key, id);
            await carts.ClearAsync(cartId);
            return Results.LocalRedirect($"/orders/{id}");
        });
        return app;
    }
}
