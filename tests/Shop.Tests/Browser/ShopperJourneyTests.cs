extern alias WebHost;

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>A shopper on a phone and on a desktop: browse → search → item → cart → checkout → confirmed, every page checked.</summary>
public sealed partial class ShopperJourneyTests : BrowserTest
{
    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task A_shopper_finds_an_item_and_orders_it(int width)
    {
        await using var stack = await OrderingStack.StartAsync();
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), width);

        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Gear for the outdoors");
        await PageChecks.AssertGoodAsync(page, "home");
        await page.FillAsync("input[name=q]", "Glacier Camp Stove");
        await page.ClickAsync("button:text('Search')");
        await Expect(page.Locator("h1")).ToContainTextAsync("Glacier Camp Stove");
        await PageChecks.AssertGoodAsync(page, "search");

        await page.Locator(".card h2").First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Glacier Camp Stove");
        await PageChecks.AssertGoodAsync(page, "item");
        await page.FillAsync("input[name=quantity]", "2");
        await page.ClickAsync("button:text('Add to cart')");
        await Expect(page.Locator("p.message")).ToHaveTextAsync("Added Glacier Camp Stove to your cart.");
        await Expect(page.Locator(".badge")).ToHaveTextAsync("2");
        await PageChecks.AssertGoodAsync(page, "cart");

        await page.ClickAsync("a:text('Go to checkout')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Checkout");
        await PageChecks.AssertGoodAsync(page, "checkout");
        // The browser refuses what the server would: no request is sent.
        await page.FillAsync("input[name=email]", "ada@localhost");
        await page.ClickAsync("button:text('Place order')");
        Assert.False(await page.Locator("input[name=email]").EvaluateAsync<bool>("e => e.validity.valid"));
        await Expect(page).ToHaveURLAsync(CheckoutUrl());
        // With the browser's check off, the server says the same, at the field, and keeps the address out of the URL.
        await page.Locator("form.checkout").EvaluateAsync("f => f.noValidate = true");
        await page.ClickAsync("button:text('Place order')");
        await Expect(page.Locator(".field-error")).ToHaveTextAsync("Enter an e-mail address like name@example.com.");
        await Expect(page.Locator("input[name=email]")).ToHaveValueAsync("ada@localhost");
        await Expect(page.Locator("input[name=email]")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.DoesNotContain("ada", page.Url, StringComparison.Ordinal);
        await PageChecks.AssertGoodAsync(page, "checkout-invalid");

        await page.FillAsync("input[name=email]", $"journey{width}@example.com");
        await page.ClickAsync("button:text('Place order')");
        await Expect(page).ToHaveURLAsync(OrderUrl());
        await Expect(page.Locator(".order-status")).ToHaveTextAsync("Confirmed", new() { Timeout = 30_000 });
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you! Your order is confirmed");
        await Expect(page.Locator(".badge")).ToHaveTextAsync("0");
        await PageChecks.AssertGoodAsync(page, "order");
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1440)]
    public async Task The_shop_pages_fit_the_narrowest_and_widest_screens(int width)
    {
        await using var stack = await OrderingStack.StartAsync(startWorker: false);
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), width);

        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await PageChecks.AssertGoodAsync(page, "home");
        await page.GotoAsync("/items/5");
        await PageChecks.AssertGoodAsync(page, "item");
        await page.ClickAsync("button:text('Add to cart')");
        await PageChecks.AssertGoodAsync(page, "cart");
        await page.GotoAsync("/checkout");
        await PageChecks.AssertGoodAsync(page, "checkout");
        await page.GotoAsync("/admin/login");
        await PageChecks.AssertGoodAsync(page, "admin-login");
    }

    [GeneratedRegex("/checkout$")]
    private static partial Regex CheckoutUrl();

    [GeneratedRegex("/orders/[0-9a-f-]{36}$")]
    private static partial Regex OrderUrl();
}
