extern alias WebHost;

using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;
using CartCookie = WebHost::Web.Cart.CartCookie;

namespace Shop.Tests.Hostile;

/// <summary>
/// Property tests over the storefront: hostile query strings, route values, form fields and cookies. Every answer
/// is 2xx, 3xx or a 4xx page in the shop's layout, never a 5xx; a refused cart or checkout post stores nothing.
/// </summary>
public sealed class WebHostileInputTests(CatalogFixture fx) : IClassFixture<CatalogFixture>, IAsyncLifetime
{
    private const int Iterations = 100;
    private HostFactory<WebHost::Program> _web = null!;
    private Uri _address = null!;
    private readonly ErrorLog _errors = new();

    public ValueTask InitializeAsync()
    {
        _web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(fx.ApiAddress(), fx.Redis.ConnectionString));
        _address = _web.StartOnLoopback();
        _web.Services.GetRequiredService<ILoggerFactory>().AddProvider(_errors);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task Pages_never_fail_whatever_their_query_and_route_values()
    {
        using var client = Hostile.Client(_address);
        await Gen.Select(Hostile.Text, Hostile.Text).SampleAsync(async t =>
        {
            var (a, b) = (Hostile.Q(t.Item1), Hostile.Q(t.Item2));
            foreach (var url in new[] { $"/?q={a}&page={b}", $"/items/{a}", $"/orders/{a}", $"/checkout?error={a}&email={b}", $"/images/items/{a}" })
            {
                using var response = await client.GetAsync(url);
                await AssertAnswered(response, url);
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public async Task Unknown_urls_and_items_get_the_shops_404_page()
    {
        using var client = Hostile.Client(_address);
        foreach (var url in new[] { "/no-such-page", "/items/1/extra" })
        {
            using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("We could not find that page", page, StringComparison.Ordinal);
            Assert.Contains("class=\"brand\"", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cart_and_checkout_posts_never_fail_and_store_nothing_when_refused()
    {
        // A real form's antiforgery token and cookie, so the hostile fields reach the handlers behind the check.
        var cookies = new System.Net.CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _address };
        var page = await client.GetStringAsync("/items/1", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        using (var add = await client.PostAsync("/cart/add", Form(("itemId", "1"), ("__RequestVerificationToken", token)), TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, add.StatusCode);
        }
        var cartId = cookies.GetCookies(_address)[CartCookie.Name]!.Value;
        var carts = _web.Services.GetRequiredService<WebHost::Web.Cart.CartStore>();
        HashSet<int> catalog;
        await using (var db = fx.NewDbContext())
        {
            catalog = [.. await db.CatalogItems.Select(i => i.Id).ToListAsync(TestContext.Current.CancellationToken)];
        }
        // Half the checkout keys are well-formed, so hostile e-mails and carts reach the Api behind the form.
        var keys = Gen.OneOf(Hostile.Text, Gen.Guid.Select(g => g.ToString()));
        await Gen.Select(Hostile.Text, Hostile.Text, keys).SampleAsync(async t =>
        {
            foreach (var path in new[] { "/cart/add", "/cart/update", "/cart/remove", "/checkout" })
            {
                var before = await carts.GetAsync(cartId);
                var orders = await CountOrdersAsync();
                using var form = Form(("itemId", Hostile.ToValidUtf16(t.Item1)), ("quantity", Hostile.ToValidUtf16(t.Item2)),
                    ("email", Hostile.ToValidUtf16(t.Item2)), ("checkoutKey", Hostile.ToValidUtf16(t.Item3)), ("__RequestVerificationToken", token));
                using var response = await client.PostAsync(path, form);
                var request = $"POST {path} itemId='{t.Item1}' quantity='{t.Item2}'";
                await AssertAnswered(response, request);
                var after = await carts.GetAsync(cartId);
                if ((int)response.StatusCode >= 400)
                {
                    Assert.Equal(before, after);
                }
                Assert.All(after, line => Assert.True(catalog.Contains(line.ItemId) && line.Quantity is > 0 and <= WebHost::Web.Cart.CartStore.MaxQuantity,
                    $"{request} left {line} in the cart"));
                var placed = response.Headers.Location?.OriginalString.StartsWith("/orders/", StringComparison.Ordinal) == true;
                Assert.True(await CountOrdersAsync() == orders + (placed ? 1 : 0), $"{request} changed the orders without placing one");
            }
        }, iter: Iterations, threads: 1);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    private async Task<int> CountOrdersAsync()
    {
        await using var db = fx.NewDbContext();
        return await db.Orders.CountAsync();
    }

    [Fact]
    public async Task Hostile_cookies_never_fail_a_page_or_a_post()
    {
        await Hostile.Text.SampleAsync(async value =>
        {
            using var client = Hostile.Client(_address);
            client.DefaultRequestHeaders.TryAddWithoutValidation("Cookie", $"cart={Hostile.Q(value)}; .AspNetCore.Antiforgery.x={Hostile.Q(value)}");
            foreach (var path in new[] { "/", "/cart", "/checkout" })
            {
                using var response = await client.GetAsync(path);
                await AssertAnswered(response, $"GET {path} cookie '{value}'");
            }
            using var post = await client.PostAsync("/cart/add", Form(("itemId", "1"), ("__RequestVerificationToken", Hostile.ToValidUtf16(value))));
            await AssertAnswered(post, $"POST /cart/add cookie '{value}'");
        }, iter: Iterations, threads: 1);
    }

    /// <summary>Never a 5xx; a 4xx is a page in the shop's layout, except Kestrel's own empty refusal (see <see cref="Hostile"/>).</summary>
    private async Task AssertAnswered(HttpResponseMessage response, string request)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{request} -> {status}: {body[..Math.Min(body.Length, 300)]}\n{_errors.Drain()}");
        var refusedByKestrel = status is 400 or 414 or 431 && body.Length == 0 && response.Content.Headers.ContentType is null;
        if (status >= 400 && !refusedByKestrel)
        {
            // In the shop's layout: its wordmark is on every page, status pages and a checkout refused in place alike.
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains("class=\"brand\"", StringComparison.Ordinal),
                $"{request} -> {status} as {response.Content.Headers.ContentType}: {body[..Math.Min(body.Length, 300)]}");
        }
    }
}
