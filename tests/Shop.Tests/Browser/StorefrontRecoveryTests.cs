extern alias WebHost;
extern alias WorkerHost;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shop.Ordering;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>When things go wrong for a shopper: sold-out items, a rejected order, a hung Api, a wrong address.</summary>
public sealed class StorefrontRecoveryTests : BrowserTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_item_out_of_stock_cannot_be_added_and_a_rejected_order_puts_its_items_back_in_the_cart()
    {
        // No Worker yet: the order waits while its item sells out elsewhere.
        await using var stack = await OrderingStack.StartAsync(startWorker: false);
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), 390);
        await SetStockAsync(stack, 31, 0);

        await page.GotoAsync("/items/31");
        await Expect(page.Locator(".stock")).ToContainTextAsync("Out of stock");
        await Expect(page.Locator("button:text('Add to cart')")).ToHaveCountAsync(0);
        await PageChecks.AssertGoodAsync(page, "item-sold-out");
        // A form rendered before it sold out, sent anyway: refused, and the cart stays empty.
        await page.GotoAsync("/items/32");
        await page.Locator("form.buy input[name=itemId]").EvaluateAsync("i => i.value = '31'");
        await page.ClickAsync("button:text('Add to cart')");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/items/31\\?notice=sold-out$"));
        await Expect(page.Locator(".badge")).ToHaveTextAsync("0");

        await page.GotoAsync("/items/32");
        await page.ClickAsync("button:text('Add to cart')");
        await page.ClickAsync("a:text('Go to checkout')");
        await page.FillAsync("input[name=email]", "unlucky@example.com");
        await page.ClickAsync("button:text('Place order')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you! We are processing your order");
        await SetStockAsync(stack, 32, 0);
        await using var worker = new HostFactory<WorkerHost::Program>(stack.WorkerSettings());
        worker.StartOnLoopback();

        await Expect(page.Locator("h1")).ToHaveTextAsync("We could not complete your order", new() { Timeout = 30_000 });
        var name = await ItemNameAsync(stack, 32);
        await Expect(page.Locator("#order-live")).ToContainTextAsync($"Not enough stock for {name}");
        await PageChecks.AssertGoodAsync(page, "order-rejected");
        await page.ClickAsync("button:text('Put these items back in my cart')");
        await Expect(page.Locator("p.message")).ToHaveTextAsync("The items of your order are back in your cart.");
        await Expect(page.Locator("tr[data-item='32']")).ToHaveCountAsync(1);
        await page.GoBackAsync();
        await page.ClickAsync("button:text('Put these items back in my cart')");
        await Expect(page.Locator("tr[data-item='32'] input[name=quantity]")).ToHaveValueAsync("1"); // twice is once
        await Expect(page.Locator(".warning")).ToContainTextAsync($"{name} is out of stock");
        await page.GotoAsync("/checkout");
        await Expect(page.Locator("button:text('Place order')")).ToHaveCountAsync(0);
        await PageChecks.AssertGoodAsync(page, "checkout-blocked");
    }

    [Fact]
    public async Task With_the_Api_hung_a_page_answers_within_5_s_with_the_friendly_error()
    {
        // A listener that never accepts: connections complete in the kernel's backlog and then hear nothing, like a paused process.
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start(backlog: 64);
        var api = new Uri($"http://127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}");
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api));
        var address = web.StartOnLoopback();
        using var client = new HttpClient { BaseAddress = address };
        // Warm: a page that needs no Api, so the timing below is the read budget, not a cold start.
        (await client.GetAsync("/cart", Ct)).Dispose();

        foreach (var path in new[] { "/", "/items/3" })
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, Ct);
            clock.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("The shop is having a moment", await response.Content.ReadAsStringAsync(Ct));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{path} took {clock.Elapsed.TotalSeconds:0.0} s");
        }
        var page = await PageChecks.NewPageAsync(Browser, address, 390);
        await page.GotoAsync("/items/3");
        await Expect(page.Locator("h1")).ToHaveTextAsync("One moment, please");
        await PageChecks.AssertGoodAsync(page, "api-down");
    }

    [Fact]
    public async Task Unknown_pages_items_and_orders_answer_404_with_the_shop_page()
    {
        await using var stack = await OrderingStack.StartAsync(startWorker: false);
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), 390);

        foreach (var path in new[] { "/no-such-page", "/items/999999", $"/orders/{Guid.NewGuid()}" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Status == 404, $"{path}: {response.Status} {await response.TextAsync()}");
            await Expect(page.Locator("h1")).ToHaveTextAsync("We could not find that page");
            await Expect(page.Locator(".brand")).ToBeVisibleAsync();
            await PageChecks.AssertGoodAsync(page, "not-found" + path.Count(c => c == '/'));
        }
    }

    private static async Task SetStockAsync(OrderingStack stack, int id, int stock)
    {
        await using (var db = stack.NewDbContext())
        {
            await db.CatalogItems.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, stock), Ct);
        }
        // As another shopper's order would: the stock changes, and its cached copies are evicted the way the Worker does it.
        await using var scope = stack.Api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Shop.Catalog.CatalogCache>().ForgetItemsAsync([id]);
    }

    private static async Task<string> ItemNameAsync(OrderingStack stack, int id)
    {
        await using var db = stack.NewDbContext();
        return await db.CatalogItems.Where(i => i.Id == id).Select(i => i.Name).SingleAsync(Ct);
    }
}
