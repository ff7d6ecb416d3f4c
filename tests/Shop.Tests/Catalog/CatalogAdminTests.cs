using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Shop.Tests.Catalog;

public sealed class CatalogAdminTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly object _newItem = new { name = "Test Lantern", description = "A lantern for tests.", price = 19.99m, stock = 5 };

    [Fact]
    public async Task Admin_writes_need_the_admin_token()
    {
        using var anonymous = await fx.Client().PostAsJsonAsync("/api/catalog/items", _newItem, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrong = fx.Client();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var rejected = await wrong.PutAsJsonAsync("/api/catalog/items/1", _newItem, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        using var deleteRejected = await wrong.DeleteAsync("/api/catalog/items/1", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, deleteRejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.Client().GetAsync("/api/catalog/items/1", Ct)).StatusCode);
    }

    [Fact]
    public async Task Create_update_delete_round_trip()
    {
        using var created = await fx.AdminClient().PostAsJsonAsync("/api/catalog/items", _newItem, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.Content.ReadFromJsonAsync<Item>(Ct))!;
        Assert.Equal($"/api/catalog/items/{item.Id}", created.Headers.Location?.AbsolutePath);

        using var updated = await fx.AdminClient().PutAsJsonAsync($"/api/catalog/items/{item.Id}",
            new { name = "Test Lantern XL", description = item.Description, price = 24.5m, stock = 7, version = item.Version }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await fx.Client().GetFromJsonAsync<Item>($"/api/catalog/items/{item.Id}", Ct);
        Assert.Equal(("Test Lantern XL", 24.5m, 7), (read!.Name, read.Price, read.Stock));

        Assert.Equal(HttpStatusCode.NoContent, (await fx.AdminClient().DeleteAsync($"/api/catalog/items/{item.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Client().GetAsync($"/api/catalog/items/{item.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Invalid_items_are_a_400_problem_and_nothing_is_stored()
    {
        var before = (await fx.Client().GetFromJsonAsync<Page>("/api/catalog/items?pageSize=1", Ct))!.Total;
        foreach (var bad in new object[]
        {
            new { name = "", description = "x", price = 1m, stock = 1 },
            new { name = "x", description = "x", price = -1m, stock = 1 },
            new { name = "x", description = "x", price = 1.001m, stock = 1 },
            new { name = "x", description = "x", price = 1m, stock = -1 },
        })
        {
            using var response = await fx.AdminClient().PostAsJsonAsync("/api/catalog/items", bad, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        using var malformed = await fx.AdminClient().PostAsync("/api/catalog/items",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(before, (await fx.Client().GetFromJsonAsync<Page>("/api/catalog/items?pageSize=1", Ct))!.Total);
    }

    [Fact]
    public async Task A_stale_update_is_a_409_conflict()
    {
        var item = (await fx.Client().GetFromJsonAsync<Item>("/api/catalog/items/2", Ct))!;
        var change = new { name = item.Name, description = item.Description, price = item.Price + 1, stock = item.Stock, version = item.Version };
        using var first = await fx.AdminClient().PutAsJsonAsync("/api/catalog/items/2", change, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await fx.AdminClient().PutAsJsonAsync("/api/catalog/items/2", change with { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Image_upload_checks_size_and_content()
    {
        using var tooLarge = await PutImage(3, new byte[CatalogImagesMax + 1], "image/png");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var notImage = await PutImage(3, "just some text"u8.ToArray(), "image/png");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notImage.StatusCode);
        using var empty = await PutImage(3, [], "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        using var red = NetVips.Image.Black(8, 6, bands: 3).NewFromImage(200, 30, 30);
        var png = red.PngsaveBuffer();
        using var ok = await PutImage(3, png, "application/octet-stream");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var image = await fx.Client().GetAsync("/api/catalog/items/3/image", Ct);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync(Ct));
    }

    private const int CatalogImagesMax = 5 * 1024 * 1024;

    private Task<HttpResponseMessage> PutImage(int id, byte[] data, string contentType)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return fx.AdminClient().PutAsync($"/api/catalog/items/{id}/image", content, Ct);
    }
}
