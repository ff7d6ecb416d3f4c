extern alias WebHost;

using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>The whole order pipeline from a real browser: cart → checkout → status page → Confirmed.</summary>
public sealed partial class CheckoutBrowserTests : IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private OrderingStack _stack = null!;

    public async ValueTask InitializeAsync()
    {
        _stack = await OrderingStack.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SHOP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    [Fact]
    public async Task Checkout_from_the_cart_places_one_order_and_the_status_page_reaches_Confirmed()
    {
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(_stack.ApiAddress));
        var context = await _browser.NewContextAsync(new() { BaseURL = web.StartOnLoopback().ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/items/3");
        await page.ClickAsync("button:text('Add to cart')");
        await page.ClickAsync("a:text('Checkout')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Checkout");
        await page.FillAsync("input[name=email]", "browser@example.com");
        // A double click: the form is sent twice with the same checkout key.
        await page.Locator("form.checkout").EvaluateAsync("f => { f.requestSubmit(); f.requestSubmit(); }");

        await Expect(page).ToHaveURLAsync(OrderUrl(), new() { Timeout = 15_000 });
        await Expect(page.Locator(".order-status")).ToHaveTextAsync("Confirmed", new() { Timeout = 30_000 });
        await Expect(page.Locator("ol.history li")).ToHaveCountAsync(4);
        await using var db = _stack.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.Email == "browser@example.com", TestContext.Current.CancellationToken));
        await page.GotoAsync("/cart");
        await Expect(page.Locator("text=Your cart is empty")).ToBeVisibleAsync();
    }

    [GeneratedRegex("/orders/[0-9a-f-]{36}$")]
    private static partial Regex OrderUrl();

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _stack.DisposeAsync();
    }
}
