namespace Api.Catalog;

public sealed record CatalogItemDto(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl);

public sealed record CatalogPage(IReadOnlyList<CatalogItemDto> Items, int Page, int PageSize, int Total);
