using System.Globalization;
using System.Net;

namespace Shop.Catalog;

/// <summary>About 100 outdoor-shop products, deterministic, with an SVG image drawn by code.</summary>
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

    public static IEnumerable<(string Name, string Description, decimal Price, int Stock, string Svg)> Items()
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
                yield return (name, $"{blurb} {variant} edition.", price, stock, Svg(name, color, shape));
            }
        }
    }

    private static string Svg(string name, string color, string shape)
    {
        var figure = shape switch
        {
            "tent" => "<polygon points='200,70 320,250 80,250' fill='#fff' opacity='.9'/>",
            "boot" => "<path d='M130 90h70v110h80q30 0 30 30v20H130z' fill='#fff' opacity='.9'/>",
            "bottle" => "<rect x='165' y='70' width='70' height='180' rx='20' fill='#fff' opacity='.9'/>",
            "lamp" => "<circle cx='200' cy='160' r='70' fill='#fff' opacity='.9'/>",
            "poles" => "<path d='M150 60l30 200M250 60l-30 200' stroke='#fff' stroke-width='14'/>",
            _ => "<rect x='120' y='80' width='160' height='170' rx='30' fill='#fff' opacity='.9'/>",
        };
        return string.Create(CultureInfo.InvariantCulture, $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="400" height="320" viewBox="0 0 400 320">
            <rect width="400" height="320" fill="{color}"/>{figure}
            <text x="200" y="295" font-family="sans-serif" font-size="22" fill="#fff" text-anchor="middle">{WebUtility.HtmlEncode(name)}</text>
            </svg>
            """);
    }
}
