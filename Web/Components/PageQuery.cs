using System.Globalization;

namespace Web.Components;

/// <summary>
/// A `page` query value as people and bots send it: anything that is not a whole number in range means page 1.
/// Bound as text, because Blazor throws (a 500) on a query value it cannot convert.
/// </summary>
internal static class PageQuery
{
    public static int Parse(string? value, int max = 10_000) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? Math.Clamp(page, 1, max) : 1;
}
