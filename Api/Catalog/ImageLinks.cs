using Shop.Catalog.Images;

namespace Api.Catalog;

/// <summary>The one place image URLs are made; Web relays them as they are.</summary>
internal static class ImageLinks
{
    public const string Original = "original";

    public static string Current(int itemId) => $"/api/catalog/items/{itemId}/image";

    public static string File(int itemId, Guid imageId, string file) => $"/api/catalog/items/{itemId}/images/{imageId:N}/{file}";

    /// <summary>Called in the projection of catalog queries (EF runs it on the client, after the SQL).</summary>
    public static CatalogImageDto? Dto(int itemId, Guid? imageId, int width, int height, int[]? widths) =>
        imageId is not { } id ? null : new CatalogImageDto(
            File(itemId, id, Original), width, height,
            [.. (widths ?? []).Select(w => new ImageRenditionDto(w, File(itemId, id, $"{w}.webp")))]);
}
