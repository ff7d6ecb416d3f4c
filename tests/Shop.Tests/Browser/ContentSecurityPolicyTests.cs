extern alias WebHost;

using Microsoft.Playwright;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>Every Web response carries the security headers, and Chromium reports no CSP violation on any page.</summary>
public sealed class ContentSecurityPolicyTests(CatalogFixture fx) : IClassFixture<CatalogFixture>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private HostFactory<WebHost::Program> _web = null!;
    private Uri _address = null!;

    public async ValueTask InitializeAsync()
    {
        _web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(fx.ApiAddress(), fx.Redis.ConnectionString));
        _address = _web.StartOnLoopback();
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/items/1")]
    [InlineData("/no-such-page")]
    [InlineData("/images/items/1")]
    [InlineData("/alive")]
    public async Task Web_responses_carry_the_security_headers(string path)
    {
        using var client = new HttpClient { BaseAddress = _address };
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Fact]
    public async Task Api_responses_are_nosniff_and_never_framed()
    {
        using var client = fx.Client();
        foreach (var path in new[] { "/api/catalog/items", "/api/catalog/items/1/image", "/api/orders/not-a-guid" })
        {
            using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task Storefront_cart_checkout_and_admin_pages_raise_no_CSP_violation()
    {
        var context = await _browser.NewContextAsync(new() { BaseURL = _address.ToString() });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // Chromium reports a violation as "Refused to ... because it violates the following Content Security Policy".
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.StartsWith("Refused to", StringComparison.Ordinal))
            {
                problems.Add($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"{page.Url}: {error}");

        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Locator(".card h2").First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ClickAsync("button:text('Add to cart')");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cart\\?added=\\d+$"));
        await page.GotoAsync("/checkout", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.GotoAsync("/admin/login", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.FillAsync("input[name=token]", CatalogFixture.AdminToken);
        await page.ClickAsync("button:text('Sign in')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Catalog admin");
        foreach (var admin in new[] { "/admin/items/1", "/admin/dead-letters", "/admin/jobs" })
        {
            await page.GotoAsync(admin, new() { WaitUntil = WaitUntilState.NetworkIdle });
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : "";

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _web.DisposeAsync();
    }
}
