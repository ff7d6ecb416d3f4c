using System.Net;
using System.Text;
using Shop.Tests.Catalog;

namespace Shop.Tests.Hostile;

/// <summary>Kestrel's limits, set on purpose: an oversized body or header costs little and gets a clear 4xx.</summary>
public sealed class RequestLimitTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task A_body_over_1_MB_is_refused_with_413_and_stores_nothing()
    {
        using var client = new HttpClient { BaseAddress = fx.ApiAddress() };
        var huge = $$"""{"email":"a@example.com","lines":[],"padding":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Headers_over_16_KB_are_refused_with_431()
    {
        using var client = new HttpClient { BaseAddress = fx.ApiAddress() };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/catalog/items/1");
        request.Headers.Add("X-Padding", new string('x', 20 * 1024));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_image_upload_may_still_be_larger_than_the_general_limit()
    {
        using var client = new HttpClient { BaseAddress = fx.ApiAddress() };
        client.DefaultRequestHeaders.Authorization = new("Bearer", CatalogFixture.AdminToken);
        // 3 MB of something that is not an image: refused by the sniffer (415), not by the body limit (413).
        var data = new byte[3 * 1024 * 1024];
        using var response = await client.PutAsync("/api/catalog/items/1/image", new ByteArrayContent(data), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
