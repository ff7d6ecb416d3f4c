extern alias WebHost;

using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>The storefront's smaller forms, each sent with input it takes and input it refuses.</summary>
public sealed class CartFormsTests : BrowserTest
{
    [Fact]
    public async Task Search_add_update_and_remove_take_good_input_and_answer_bad_input_plainly()
    {
        await using var stack = await OrderingStack.StartAsync(startWorker: false);
        await using (var db = stack.NewDbContext())
        {
            await db.CatalogItems.Where(i => i.Id == 40).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 7), TestContext.Current.CancellationToken);
        }
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), 390);

        // Search: a word that matches nothing gets a way on, not an empty grid.
        await page.GotoAsync("/");
        await page.FillAsync("input[name=q]", "zzzqqq");
        await page.ClickAsync("button:text('Search')");
        await Expect(page.Locator("p.count")).ToHaveTextAsync("0 item(s) for “zzzqqq”");
        await Expect(page.Locator("a:text('browse everything')")).ToBeVisibleAsync();
        await PageChecks.AssertGoodAsync(page, "search-empty");

        // Add: 0 is refused by the browser; more than the stock is capped at the stock, and the cart says so.
        const int stock = 7;
        await page.GotoAsync("/items/40");
        await page.FillAsync("input[name=quantity]", "0");
        await page.ClickAsync("button:text('Add to cart')");
        Assert.False(await page.Locator("input[name=quantity]").EvaluateAsync<bool>("e => e.validity.valid"));
        await page.Locator("form.buy").EvaluateAsync("f => f.noValidate = true");
        await page.FillAsync("input[name=quantity]", "12");
        await page.ClickAsync("button:text('Add to cart')");
        await Expect(page.Locator("p.message")).ToContainTextAsync($"That is all we have: {stock}.");
        await Expect(page.Locator("tr[data-item='40'] input[name=quantity]")).ToHaveValueAsync("7");

        // Update: more than the stock, sent past the browser's max, is kept but warned about before checkout.
        var row = page.Locator("tr[data-item='40']");
        await row.Locator("form[action='/cart/update']").EvaluateAsync("f => f.noValidate = true");
        await row.Locator("input[name=quantity]").FillAsync("8");
        await row.Locator("button:text('Update')").ClickAsync();
        await Expect(page.Locator(".warning")).ToContainTextAsync($"Only {stock}");
        await PageChecks.AssertGoodAsync(page, "cart-warning");
        await row.Locator("input[name=quantity]").FillAsync("1");
        await row.Locator("button:text('Update')").ClickAsync();
        await Expect(page.Locator(".warning")).ToHaveCountAsync(0);

        // Remove: the line goes, and an empty cart offers the way back.
        await page.Locator("tr[data-item='40'] button:text('Remove')").ClickAsync();
        await Expect(page.Locator("text=Your cart is empty.")).ToBeVisibleAsync();
        await Expect(page.Locator(".badge")).ToHaveTextAsync("0");
    }
}
