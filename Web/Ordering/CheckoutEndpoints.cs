using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
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
                // Rendered in place with what was typed; the e-mail is named by the field, in the shopper's words.
                var emailError = result.Field == "email" ? "Enter an e-mail address like name@example.com." : null;
                var error = emailError is not null ? null
                    : result.Field?.StartsWith("lines", StringComparison.OrdinalIgnoreCase) == true
                        ? "We could not place this order: an item in your cart is no longer sold, or not in that quantity. Please check your cart."
                        : "We could not place this order just now. Please try again in a moment.";
                new CheckoutProblem(email?.Trim() ?? "", key.ToString(), emailError, error).AttachTo(context);
                return new RazorComponentResult<App> { StatusCode = StatusCodes.Status400BadRequest };
            }
            // Remembered before the cart is emptied: a submit that finds the cart empty finds the order.
            await placed.RememberAsync(key, id);
            await carts.ClearAsync(cartId);
            return Results.LocalRedirect($"/orders/{id}");
        });
        // A failed order is recoverable: its items go back into the shopper's cart, where stock warnings show what to change.
        app.MapPost("/orders/{id:guid}/restore", async Task<Results<RedirectHttpResult, NotFound, StatusCodeHttpResult>> (
            Guid id, CartStore carts, OrderClient orders, HttpContext context) =>
        {
            OrderView? order;
            try
            {
                order = await orders.GetAsync(id, context.RequestAborted);
            }
            catch (Exception ex) when (ApiUnavailable.IsApiFailure(ex))
            {
                return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            if (order is null)
            {
                return TypedResults.NotFound();
            }
            if (!order.IsFinal || order.Status == "Confirmed")
            {
                return TypedResults.LocalRedirect($"/orders/{id}");
            }
            var cartId = CartCookie.GetOrCreate(context);
            // At least the order's quantities, not added to what is there: a second click changes nothing.
            foreach (var line in order.Lines.GroupBy(l => l.ItemId))
            {
                await carts.EnsureAtLeastAsync(cartId, line.Key, line.Sum(l => l.Quantity));
            }
            return TypedResults.LocalRedirect("/cart?restored=true");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()); // it binds no form field, which is what turns the check on by itself
        return app;
    }
}
