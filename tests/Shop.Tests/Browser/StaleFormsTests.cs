extern alias WebHost;

using Microsoft.Playwright;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>
/// The forms that are only a button: their wrong input is a stale or tampered submission (the thing is gone, the
/// action names something else). Each is answered plainly, on a page of the shop, and changes nothing.
/// </summary>
public sealed class StaleFormsTests : BrowserTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stale_or_tampered_button_forms_are_answered_plainly_and_change_nothing()
    {
        await using var stack = await OrderingStack.StartAsync();
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), 390);
        await PageChecks.SignInAsync(page, OrderingStack.AdminToken);

        // Delete an item another admin deleted meanwhile.
        await page.GotoAsync("/admin/items/33");
        using (var gone = await stack.Client.DeleteAsync("/api/catalog/items/33", Ct))
        {
            Assert.True(gone.IsSuccessStatusCode);
        }
        await page.ClickAsync("summary:text('Delete this item')");
        await page.ClickAsync("button:text('Yes, delete')");
        await Expect(page.Locator("p.error")).ToContainTextAsync("does not exist");

        // Run a job that does not exist; find with an over-long query.
        await page.GotoAsync("/admin/jobs");
        await page.Locator("section[data-job=housekeeping] form").EvaluateAsync("f => f.action = '/admin/jobs/nope/run'");
        await page.Locator("section[data-job=housekeeping] button:text('Run now')").ClickAsync();
        await Expect(page.Locator("p.error")).ToBeVisibleAsync();
        await page.GotoAsync("/admin?q=" + new string('x', 300));
        await Expect(page.Locator("p.count")).ToHaveTextAsync("0 item(s)");

        // Remove a line already removed in another tab; put back the items of an order that was confirmed.
        await page.GotoAsync("/items/34");
        await page.ClickAsync("button:text('Add to cart')");
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync("/cart");
        await other.ClickAsync("tr[data-item='34'] button:text('Remove')");
        await page.ClickAsync("tr[data-item='34'] button:text('Remove')");
        await Expect(page.Locator("text=Your cart is empty.")).ToBeVisibleAsync();
        var confirmed = await stack.PlaceAsync("stale@example.com", (35, 1));
        await stack.WaitForFinalAsync([confirmed]);
        await page.GotoAsync("/items/36");
        await page.Locator("form.buy").EvaluateAsync($"f => f.action = '/orders/{confirmed}/restore'");
        await page.ClickAsync("button:text('Add to cart')");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/orders/{confirmed}$"));
        await Expect(page.Locator(".badge")).ToHaveTextAsync("0");

        // Sign out from a page rendered while signed in, after another tab signed out: it lands on the shop.
        await page.GotoAsync("/admin");
        await other.GotoAsync("/admin");
        await other.ClickAsync(".admin-nav button:text('Sign out')");
        await page.ClickAsync(".admin-nav button:text('Sign out')");
        await Expect(page.Locator("h1")).ToBeVisibleAsync();
        await Expect(page.Locator(".brand")).ToBeVisibleAsync();
        await PageChecks.AssertGoodAsync(page, "stale-sign-out");
    }
}
