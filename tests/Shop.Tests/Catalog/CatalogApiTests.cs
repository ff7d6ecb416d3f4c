using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Shop.Tests.Catalog;

public sealed record Item(int Id, string Name, string Description, decimal Price, int Stock, string? ImageUrl, uint Version, ItemImage? Image);

public sealed record ItemImage(string Url, int Width, int Height, IReadOnlyList<ItemRendition> Renditions);

public sealed record ItemRendition(int Width, string Url);
public sealed record Page(List<Item> Items, int PageNumber, int PageSize, int Total)
{
    [System.Text.Json.Serialization.JsonPropertyName("page")]
    public int PageNumber { get; init; } = PageNumber;
}

public sealed class CatalogApiTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Paging_returns_the_requested_slice_and_the_total()
    {
        var first = await fx.Client().GetFromJsonAsync<Page>("/api/catalog/items?page=1&pageSize=100", Ct);
        Assert.Equal(100, first!.Total);
        Assert.Equal(100, first.Items.Count);
        var last = await fx.Client().GetFromJsonAsync<Page>($"/api/catalog/items?page={first.Total / 7 + 1}&pageSize=7", Ct);
        Assert.Equal(first.Total % 7, last!.Items.Count);
        var beyond = await fx.Client().GetFromJsonAsync<Page>("/api/catalog/items?page=999&pageSize=20", Ct);
        Assert.Empty(beyond!.Items);
    }

    [Theory]
    [InlineData("pageSize=101")]
    [InlineData("pageSize=0")]
    [InlineData("page=0")]
    [InlineData("page=-3")]
    [InlineData("page=abc")]
    public async Task Bad_paging_input_is_a_400_problem(string query)
    {
        using var response = await fx.Client().GetAsync($"/api/catalog/items?{query}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_too_long_query_is_a_400_problem()
    {
        using var response = await fx.Client().GetAsync($"/api/catalog/items?q={new string('a', 201)}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("Glacier Camp Stove")]
    [InlineData("aurora headlamp")]
    public async Task An_exact_name_search_ranks_that_item_first(string q)
    {
        var page = await fx.Client().GetFromJsonAsync<Page>($"/api/catalog/items?q={Uri.EscapeDataString(q)}", Ct);
        Assert.True(page!.Total > 1, "the query should match more than the one item");
        Assert.Equal(q, page.Items[0].Name, ignoreCase: true);
    }

    [Fact]
    public async Task A_missing_item_is_a_404_problem()
    {
        using var response = await fx.Client().GetAsync("/api/catalog/items/999999", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Seeded_items_have_images_with_etags_and_304s()
    {
        var item = await fx.Client().GetFromJsonAsync<Item>("/api/catalog/items/1", Ct);
        using var image = await fx.Client().GetAsync(item!.ImageUrl, Ct);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType?.MediaType);
        using var decoded = NetVips.Image.NewFromBuffer(await image.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(Infrastructure.Seed.ImageWidth, decoded.Width);
        Assert.NotNull(image.Headers.ETag);
        Assert.True(image.Headers.CacheControl?.Public);

        using var request = new HttpRequestMessage(HttpMethod.Get, item.ImageUrl);
        request.Headers.IfNoneMatch.Add(image.Headers.ETag);
        using var notModified = await fx.Client().SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        await using var db = fx.NewDbContext();
        var before = await db.CatalogItems.CountAsync(Ct);
        var seeded = await Infrastructure.Seed.CatalogAsync(db);
        Assert.Equal(0, seeded);
        Assert.Equal(before, await db.CatalogItems.CountAsync(Ct));
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_the_catalog_endpoints()
    {
        var json = await fx.Client().GetStringAsync("/openapi/v1.json", Ct);
        Assert.Contains("\"/api/catalog/items\"", json);
        Assert.Contains("\"/api/catalog/items/{id}/image\"", json);
    }
}
