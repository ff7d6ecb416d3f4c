using System.Net;

namespace Web.Catalog;

public sealed record CatalogItem(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl, uint Version,
    CatalogImage? Image);

/// <summary>URLs as the Api made them; Web serves them at the same paths (<see cref="ImageEndpoints"/>).</summary>
public sealed record CatalogImage(string Url, int Width, int Height, IReadOnlyList<ImageRendition> Renditions);

public sealed record ImageRendition(int Width, string Url);

public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, int Page, int PageSize, int Total);

/// <summary>The Web tier's only way to the catalog: Api over HTTP, with resilience and service discovery.</summary>
public sealed class CatalogClient(HttpClient http)
{
    /// <summary>
    /// How long a storefront read may take, retries included (its HttpClient's timeout): with Api hung, a page shows
    /// its friendly error after this, not after the request timeout's 30 s.
    /// </summary>
    public static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(3);

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

    public async Task<CatalogItem?> GetItemAsync(int id, CancellationToken ct = default)
    {
        using var response = await http.GetAsync($"/api/catalog/items/{id}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<CatalogItem>(ct);
    }

    /// <summary>An image URL the Api made, relayed with the browser's If-None-Match, so a 304 from Api reaches the browser.</summary>
    public Task<HttpResponseMessage> GetImageAsync(string pathAndQuery, string? ifNoneMatch, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (!string.IsNullOrEmpty(ifNoneMatch))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }
}
