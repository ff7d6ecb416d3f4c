using Microsoft.AspNetCore.Mvc;

namespace Web.Cart;

/// <summary>Plain HTML form posts (antiforgery-checked), answered with a redirect: works without JavaScript.</summary>
internal static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/cart");
        cart.MapPost("/add", async ([FromForm] int itemId, [FromForm] int? quantity, CartStore store, HttpContext context) =>
        {
            await store.AddAsync(CartCookie.GetOrCreate(context), itemId, Math.Clamp(quantity ?? 1, 1, CartStore.MaxQuantity));
            return TypedResults.LocalRedirect("/cart");
        });
        cart.MapPost("/update", async ([FromForm] int itemId, [FromForm] int quantity, CartStore store, HttpContext context) =>
        {
            await store.SetAsync(CartCookie.GetOrCreate(context), itemId, Math.Clamp(quantity, 0, CartStore.MaxQuantity));
            return TypedResults.LocalRedirect("/cart");
        });
        cart.MapPost("/remove", async ([FromForm] int itemId, CartStore store, HttpContext context) =>
        {
            await store.SetAsync(CartCookie.GetOrCreate(context), itemId, 0);
            return TypedResults.LocalRedirect("/cart");
        });
        return app;
    }
}
