namespace Shop.Catalog;

/// <summary>About 100 outdoor-shop products, deterministic, each with the shape and colour of its picture.</summary>
internal static class SeedData
{
    private static readonly (string Product, string Blurb, decimal BasePrice, string Shape)[] _products =
    [
        ("Trail Backpack", "A light, ventilated pack for long day hikes, with hip-belt pockets and a rain cover.", 89m, "pack"),
        ("Down Jacket", "Warm 700-fill down jacket that packs into its own pocket.", 179m, "jacket"),
        ("Hiking Boots", "Waterproof leather boots with a grippy sole for rocky trails.", 149m, "boot"),
        ("Camping Tent", "Freestanding tent that pitches in minutes and sheds wind and rain.", 259m, "tent"),
        ("Sleeping Bag", "Mummy sleeping bag with a draft collar for cold nights.", 129m, "bag"),
        ("Trekking Poles", "Collapsible aluminium poles with cork grips.", 59m, "poles"),
        ("Headlamp", "Rechargeable headlamp with red night mode and 400 lumens.", 39m, "lamp"),
        ("Water Bottle", "Insulated steel bottle that keeps drinks cold for 24 hours.", 29m, "bottle"),
        ("Rain Shell", "Breathable three-layer rain jacket with pit zips.", 199m, "jacket"),
        ("Camp Stove", "Compact gas stove that boils a litre in three minutes.", 69m, "stove"),
    ];

    private static readonly (string Name, string Color)[] _variants =
    [
        ("Alpine", "#2563eb"), ("Summit", "#dc2626"), ("Fjord", "#0891b2"), ("Canyon", "#ea580c"), ("Forest", "#15803d"),
        ("Glacier", "#64748b"), ("Meadow", "#65a30d"), ("Dune", "#ca8a04"), ("Aurora", "#7c3aed"), ("Basalt", "#1f2937"),
    ];

    public static IEnumerable<(string Name, string Description, decimal Price, int Stock, string Shape, string Color)> Items()
    {
        for (var v = 0; v < _variants.Length; v++)
        {
            for (var p = 0; p < _products.Length; p++)
            {
                var (product, blurb, basePrice, shape) = _products[p];
                var (variant, color) = _variants[v];
                var name = $"{variant} {product}";
                var price = basePrice + v * 5m + 0.95m;
                var stock = (v * 7 + p * 13) % 60 + 5;
                yield return (name, $"{blurb} {variant} edition.", price, stock, shape, color);
            }
        }
    }
}
