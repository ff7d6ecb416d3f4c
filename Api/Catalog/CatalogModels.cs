namespace Api.Catalog;

/// <summary><c>ImageUrl</c> always shows the current original; <c>Image</c> has the versioned, cacheable URLs.</summary>
public sealed record CatalogItemDto(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl, uint Version,
    CatalogImageDto? Image);

/// <summary>The original (shown until renditions are ready) and the WebP renditions made so far, narrowest first.</summary>
public sealed record CatalogImageDto(string Url, int Width, int Height, IReadOnlyList<ImageRenditionDto> Renditions);

public sealed record ImageRenditionDto(int Width, string Url);

public sealed record CatalogPage(IReadOnlyList<CatalogItemDto> Items, int Page, int PageSize, int Total);

/// <summary>Body of POST (Version ignored) and PUT (Version required: the one last read).</summary>
public sealed record CatalogItemRequest(string? Name, string? Description, decimal? Price, int? Stock, uint? Version)
{
    public Dictionary<string, string[]> Validate(bool requireVersion)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 200)
        {
            errors["name"] = ["name is required, at most 200 characters."];
        }
        if (Description is null || Description.Length > 4000)
        {
            errors["description"] = ["description is required, at most 4000 characters."];
        }
        if (Price is not { } price || price <= 0 || price > 100_000 || decimal.Round(price, 2) != price)
        {
            errors["price"] = ["price is required: EUR, more than 0, at most 100000, at most 2 decimals."];
        }
        if (Stock is not (>= 0 and <= 1_000_000))
        {
            errors["stock"] = ["stock is required, between 0 and 1000000."];
        }
        if (requireVersion && Version is null)
        {
            errors["version"] = ["version is required: send the version you last read."];
        }
        return errors;
    }
}
