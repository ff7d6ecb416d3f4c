extern alias WebHost;

using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Hostile;

/// <summary>
/// Property tests over the storefront: hostile query strings, route values, form fields and cookies. Every answer
/// is 2xx, 3xx or a 4xx, never a 5xx; rejected cart posts change nothing a later page shows.
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
    public async Task Cart_and_checkout_posts_never_fail_whatever_their_fields()
    {
        // A real form's antiforgery token and cookie, so the hostile fields reach the handlers behind the check.
        using var handler = new SocketsHttpHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = _address };
        var page = await client.GetStringAsync("/items/1", TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        await Gen.Select(Hostile.Text, Hostile.Text).SampleAsync(async t =>
        {
            foreach (var path in new[] { "/cart/add", "/cart/update", "/cart/remove", "/checkout" })
            {
                using var form = new FormUrlEncodedContent([new("itemId", Hostile.ToValidUtf16(t.Item1)), new("quantity", Hostile.ToValidUtf16(t.Item2)),
                    new("email", Hostile.ToValidUtf16(t.Item2)), new("checkoutKey", Hostile.ToValidUtf16(t.Item1)), new("__RequestVerificationToken", token)]);
                using var response = await client.PostAsync(path, form);
                await AssertAnswered(response, $"POST {path} itemId='{t.Item1}' quantity='{t.Item2}'");
            }
        }, iter: Iterations, threads: 1);
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
            using var post = await client.PostAsync("/cart/add", new FormUrlEncodedContent([new("itemId", "1"), new("__RequestVerificationToken", Hostile.ToValidUtf16(value))]));
            await AssertAnswered(post, $"POST /cart/add cookie '{value}'");
        }, iter: Iterations, threads: 1);
    }

    private async Task AssertAnswered(HttpResponseMessage response, string request)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{request} -> {status}: {body[..Math.Min(body.Length, 300)]}\n{_errors.Drain()}");
    }
}
