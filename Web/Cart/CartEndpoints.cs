using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Web.Catalog;
using Web.Components;

namespace Web.Cart;

/// <summary>
/// Plain HTML form posts (antiforgery-checked), answered with a redirect: works without JavaScript. A post that names
/// no item of the catalog is refused (Web's status pages explain it) and stores nothing.
/// </summary>
internal static class CartEndpoints
{
    public static IEndpointRouteBuilder MapCartEndpoints(this IEndpointRouteBuilder app)
    {
        var cart = app.MapGroup("/cart");
        cart.MapPost("/add", AddAsync);
        cart.MapPost("/update", async ([FromForm] int itemId, [FromForm] int? quantity, CartStore store, HttpContext context) =>
        {
            // An emptied box changes nothing; a line removed meanwhile (another tab) stays removed: the cart shows what is there.
            if (quantity is { } wanted)
            {
                await store.UpdateAsync(CartCookie.GetOrCreate(context), itemId, Math.Clamp(wanted, 0, CartStore.MaxQuantity));
            }
            return TypedResults.LocalRedirect("/cart");
        });
        cart.MapPost("/remove", async ([FromForm] int itemId, CartStore store, HttpContext context) =>
        {
            await store.UpdateAsync(CartCookie.GetOrCreate(context), itemId, 0);
            return TypedResults.LocalRedirect("/cart");
        });
        return app;
    }

    /// <summary>Stock-aware: nothing is added when the item is sold out, and a line never holds more than is in stock.</summary>
    private static async Task<Results<RedirectHttpResult, NotFound, StatusCodeHttpResult>> AddAsync([FromForm] int itemId,
        [FromForm] int? quantity, CartStore store, CatalogClient catalog, HttpContext context)
    {
        CatalogItem? item;
        try
        {
            item = itemId <= 0 ? null : await catalog.GetItemAsync(itemId, context.RequestAborted);
        }
        catch (Exception ex) when (ApiUnavailable.IsApiFailure(ex))
        {
            return TypedResults.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (item is null)
        {
            return TypedResults.NotFound();
        }
        if (item.Stock <= 0)
        {
            return TypedResults.LocalRedirect($"/items/{itemId}?notice=sold-out");
        }
        var wanted = Math.Clamp(quantity ?? 1, 1, CartStore.MaxQuantity);
        var whole = await store.AddAsync(CartCookie.GetOrCreate(context), itemId, wanted, item.Stock);
        return TypedResults.LocalRedirect(whole ? $"/cart?added={itemId}" : $"/cart?added={itemId}&capped=true");
    }
}
