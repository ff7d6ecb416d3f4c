using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Tests.Catalog;

namespace Shop.Tests.Hostile;

/// <summary>
/// Property tests over the Api's public surface: every route parameter, query parameter, read header and JSON body
/// field gets hostile values. Every answer is 2xx, 3xx or a 4xx ProblemDetails, and a rejected order stores nothing.
/// </summary>
public sealed class ApiHostileInputTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private const int Iterations = 150;

    /// <summary>Over real Kestrel and TCP, as a client's bytes arrive (the in-memory test server rejects some itself).</summary>
    private HttpClient Client()
    {
        var client = Hostile.Client(fx.ApiAddress());
        fx.Api.Services.GetRequiredService<ILoggerFactory>().AddProvider(_errors);
        return client;
    }

    private readonly ErrorLog _errors = new();

    [Fact]
    public async Task Catalog_search_and_paging_never_fail()
    {
        using var client = Client();
        await Gen.Select(Hostile.Text, Hostile.Text, Hostile.Text).SampleAsync(async t =>
        {
            var url = $"/api/catalog/items?q={Hostile.Q(t.Item1)}&page={Hostile.Q(t.Item2)}&pageSize={Hostile.Q(t.Item3)}";
            using var response = await client.GetAsync(url);
            await Hostile.AssertAnswered(response, url + _errors.Drain());
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task Item_and_order_routes_never_fail()
    {
        using var client = Client();
        await Hostile.Text.SampleAsync(async id =>
        {
            foreach (var url in new[] { $"/api/catalog/items/{Hostile.Q(id)}", $"/api/catalog/items/{Hostile.Q(id)}/image", $"/api/orders/{Hostile.Q(id)}" })
            {
                using var response = await client.GetAsync(url);
                await Hostile.AssertAnswered(response, url);
            }
        }, iter: Iterations, threads: 1);
    }

    private static readonly Gen<string> _contentType = Gen.OneOf(
        Gen.OneOf<string>("application/json", "application/json; charset=utf-7", "application/json; charset=utf-16", "application/json; charset=nonsense",
            "application/json; charset=\"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/xml",
            "application/json;;;", "*/*", "application/merge-patch+json"),
        Hostile.Text);

    private static readonly Gen<string> _value = Gen.OneOf(
        Hostile.Text.Select(s => System.Text.Json.JsonSerializer.Serialize(Hostile.ToValidUtf16(s))),
        Gen.OneOf<string>("null", "true", "-1", "0", "1e400", "-9999999999999999999999", "1.5", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]",
            string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000))));

    private static readonly Gen<string> _body = Gen.OneOf(
        Gen.Select(_value, _value, _value).Select(v => $$"""{"email":{{v.Item1}},"lines":[{"itemId":{{v.Item2}},"quantity":{{v.Item3}}}]}"""),
        Gen.Select(_value, _value).Select(v => $$"""{"email":"a@example.com","lines":{{v.Item1}},"extra":{{v.Item2}}}"""),
        Hostile.Text,
        Gen.OneOf<string>("", "{", "{\"email\":", "\uFEFF{}", $$"""{"email":"a@example.com","lines":[{{string.Join(',', Enumerable.Repeat("""{"itemId":1,"quantity":1}""", 5_000))}}]}"""));

    [Fact]
    public async Task Placing_an_order_never_fails_and_a_rejected_one_stores_nothing()
    {
        using var client = Client();
        await Gen.Select(_body, _contentType, Hostile.Text).SampleAsync(async t =>
        {
            var (body, contentType, key) = t;
            await using var db = fx.NewDbContext();
            var before = await db.Orders.CountAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Hostile.ToValidUtf16(body))) };
            if (MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            {
                request.Content.Headers.ContentType = parsed;
            }
            else
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", Hostile.ToValidUtf16(contentType).ReplaceLineEndings(""));
            }
            request.Headers.TryAddWithoutValidation("Idempotency-Key", Hostile.ToValidUtf16(key).ReplaceLineEndings(""));
            using var response = await client.SendAsync(request);
            await Hostile.AssertAnswered(response, $"POST /api/orders [{contentType}] key '{key}': {body[..Math.Min(body.Length, 200)]}");
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal(before, await db.Orders.CountAsync());
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task Admin_writes_and_routes_never_fail_and_a_rejected_write_stores_nothing()
    {
        using var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CatalogFixture.AdminToken);
        var item = Gen.Select(_value, _value, _value, _value, _value)
            .Select(v => $$"""{"name":{{v.Item1}},"description":{{v.Item2}},"price":{{v.Item3}},"stock":{{v.Item4}},"version":{{v.Item5}}}""");
        await Gen.Select(Gen.OneOf(item, _body), Hostile.Text, _contentType).SampleAsync(async t =>
        {
            var (body, id, contentType) = t;
            await using var db = fx.NewDbContext();
            var before = await db.CatalogItems.CountAsync();
            foreach (var (method, url) in new[] { (HttpMethod.Post, "/api/catalog/items"), (HttpMethod.Put, $"/api/catalog/items/{Hostile.Q(id)}"),
                (HttpMethod.Put, "/api/catalog/items/999999"), (HttpMethod.Delete, $"/api/catalog/items/{Hostile.Q(id)}x"),
                (HttpMethod.Post, $"/api/admin/dead-letters/{Hostile.Q(id)}/replay"), (HttpMethod.Delete, $"/api/admin/dead-letters/{Hostile.Q(id)}"),
                (HttpMethod.Post, $"/api/admin/jobs/{Hostile.Q(id)}x/run"), (HttpMethod.Get, $"/api/admin/dead-letters?page={Hostile.Q(id)}") })
            {
                using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Hostile.ToValidUtf16(body))) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", Hostile.ToValidUtf16(contentType).ReplaceLineEndings(""));
                using var response = await client.SendAsync(request);
                await Hostile.AssertAnswered(response, $"{method} {url} [{contentType}]: {body[..Math.Min(body.Length, 200)]}" + _errors.Drain());
                if (method == HttpMethod.Post && url == "/api/catalog/items" && (int)response.StatusCode >= 400)
                {
                    Assert.Equal(before, await db.CatalogItems.CountAsync());
                }
            }
        }, iter: Iterations, threads: 1);
    }
}
