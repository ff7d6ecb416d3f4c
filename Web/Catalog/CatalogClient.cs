namespace Web.Catalog;

public sealed record CatalogItem(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl);

public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, int Page, int PageSize, int Total);

/// <summary>The Web tier's only way to the catalog: Api over HTTP, with resilience and service discovery.</summary>
public sealed class CatalogClient(HttpClient http)
{
    public async Task<CatalogPage> GetItemsAsync(string? q, int page, int pageSize, CancellationToken ct = default)
    {
        var url = $"/api/catalog/items?page={page}&pageSize={pageSize}";
        if (!string.IsNullOrWhiteSpace(q))
        {
            url += "&q=" + Uri.EscapeDataString(q);
        }
        return await http.GetFromJsonAsync<CatalogPage>(url, ct)
            ?? throw new InvalidOperationException("The catalog answered with an empty body.");
    }
}
