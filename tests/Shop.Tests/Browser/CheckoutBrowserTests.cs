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
        _browser = await Chromium.LaunchAsync(_playwright);
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

    [Fact]
    public async Task An_admin_sees_dead_letters_and_runs_a_job_from_the_jobs_page()
    {
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(_stack.ApiAddress));
        var context = await _browser.NewContextAsync(new() { BaseURL = web.StartOnLoopback().ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/login");
        await page.FillAsync("input[name=token]", OrderingStack.AdminToken);
        await page.ClickAsync("button:text('Sign in')");

        await page.GotoAsync("/admin/dead-letters");
        await Expect(page.Locator("text=No dead letters")).ToBeVisibleAsync();
        await page.GotoAsync("/admin/jobs");
        var job = page.Locator("section[data-job=housekeeping]");
        await Expect(job.Locator("code")).ToHaveTextAsync("15 * * * *");
        await job.Locator("button:text('Run now')").ClickAsync();
        await Expect(page.Locator("p.message")).ToContainTextAsync("requested");

        for (var i = 0; i < 50 && await page.Locator("section[data-job=housekeeping] td.outcome:text('Succeeded')").CountAsync() == 0; i++)
        {
            await Task.Delay(300, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }
        await Expect(page.Locator("section[data-job=housekeeping] td.outcome").First).ToHaveTextAsync("Succeeded");
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
