using Web.Catalog;

namespace Web.Cart;

/// <summary>The cart's lines with their catalog items, and what stands between them and an order.</summary>
public static class CartView
{
    public static async Task<List<(CartLine Line, CatalogItem? Item)>> LoadAsync(CartStore carts, CatalogClient catalog, string cartId)
    {
        var lines = new List<(CartLine, CatalogItem?)>();
        foreach (var line in await carts.GetAsync(cartId))
        {
            lines.Add((line, await catalog.GetItemAsync(line.ItemId)));
        }
        return lines;
    }

    /// <summary>Why this line would make the order fail, in the shopper's words; null when it is fine.</summary>
    public static string? Problem(CartLine line, CatalogItem? item) => item switch
    {
        null => $"Item {line.ItemId} is no longer sold: remove it.",
        { Stock: <= 0 } => $"{item.Name} is out of stock: remove it.",
        _ when line.Quantity > item.Stock => $"Only {item.Stock} {item.Name} left: lower the quantity to {item.Stock} or less.",
        _ => null,
    };

    /// <summary>What the lines cost at today's prices; a line no longer sold counts nothing.</summary>
    public static decimal Total(IEnumerable<(CartLine Line, CatalogItem? Item)> lines) => lines.Sum(l => (l.Item?.Price ?? 0) * l.Line.Quantity);

    public static bool CanOrder(IEnumerable<(CartLine Line, CatalogItem? Item)> lines) => lines.All(l => Problem(l.Line, l.Item) is null);
}
