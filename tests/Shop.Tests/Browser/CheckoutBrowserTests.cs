extern alias WebHost;
extern alias WorkerHost;

using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Shop.Ordering;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>The order pipeline and its admin pages from a real browser: cart → checkout → status page → Confirmed.</summary>
public sealed partial class CheckoutBrowserTests : BrowserTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_checkout_form_sent_twice_at_once_and_again_later_places_one_order_whose_page_follows_it_to_Confirmed()
    {
        // Slow payments: the status page's first render is not final, so its self-refresh has work to do.
        await using var stack = await OrderingStack.StartAsync(api: s => s["PaymentSimulator:LatencyMs"] = "2000");
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await NewPageAsync(web);

        await page.GotoAsync("/items/3");
        await page.ClickAsync("button:text('Add to cart')");
        await page.ClickAsync("a:text('Checkout')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Checkout");
        await page.FillAsync("input[name=email]", "browser@example.com");
        // Two real POSTs of the rendered form in flight together (same antiforgery token, same checkout key), then a third
        // after both answered, as a browser's resubmit would send it. Each follows its redirect.
        const string send = "f => fetch(f.action, { method: 'POST', body: new FormData(f) }).then(r => r.url)";
        var form = page.Locator("form.checkout");
        var both = await form.EvaluateAsync<string[]>($"f => Promise.all([({send})(f), ({send})(f)])");
        var again = await form.EvaluateAsync<string>(send);

        Assert.Matches(OrderUrl(), both[0]);
        Assert.Equal([both[0], both[0]], [both[1], again]);
        await using (var db = stack.NewDbContext())
        {
            Assert.Equal(1, await db.Orders.CountAsync(o => o.Email == "browser@example.com", Ct));
        }

        await page.GotoAsync(both[0]);
        var live = page.Locator("#order-live[aria-live=polite]");
        await Expect(live).ToHaveAttributeAsync("data-final", "false");
        Assert.DoesNotContain(await page.Locator(".order-status").GetAttributeAsync("data-status"), new[] { "Confirmed", "Rejected", "PaymentFailed" });
        await PageChecks.AssertGoodAsync(page, "order-processing");
        await page.EvaluateAsync("() => window.sameDocument = true");
        await Expect(page.Locator(".order-status")).ToHaveTextAsync("Confirmed", new() { Timeout = 30_000 });
        // Updated in place (the marker survived: no reload), and no meta refresh anywhere.
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        await Expect(live).ToHaveAttributeAsync("data-final", "true");
        await Expect(page.Locator("meta[http-equiv=refresh]")).ToHaveCountAsync(0);
        await Expect(page.Locator("ol.history li")).ToHaveCountAsync(4);
        // Final: it stops asking. Two poll intervals pass without a request for the page.
        var polls = 0;
        page.Request += (_, request) => polls += request.Url == both[0] ? 1 : 0;
        await Task.Delay(4500, Ct);
        Assert.Equal(0, polls);
        await page.GotoAsync("/cart");
        await Expect(page.Locator("text=Your cart is empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_admin_replays_a_real_dead_letter_from_its_page_and_the_order_completes()
    {
        // The "bug": a Worker whose payment provider is not there dead-letters the order after its five deliveries.
        await using var stack = await OrderingStack.StartAsync(worker: s => s["Payments:BaseUrl"] = "http://127.0.0.1:9/nowhere/");
        var id = await stack.PlaceAsync("dead.letter@example.com", (21, 1));
        Assert.True(await Poll.UntilAsync(async () => (await DeadLettersAsync(stack)).GetProperty("total").GetInt64() == 1, TimeSpan.FromSeconds(60)),
            "the order was never dead-lettered");
        await stack.Worker!.DisposeAsync();
        await using var fixedWorker = new HostFactory<WorkerHost::Program>(stack.WorkerSettings());
        fixedWorker.StartOnLoopback();
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await SignedInAsync(web);

        // A second letter, to be deleted: the page asks first.
        await using (var db = stack.NewDbContext())
        {
            const string payload = "{}";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dead_letters (id, queue, type, payload, correlation_id, created_at, delivery_count, last_error, dead_lettered_at)
                VALUES ({Guid.NewGuid()}, 'notifications', 'OrderConfirmed', CAST({payload} AS jsonb), 'to-delete', now(), 5, 'boom', now() - interval '1 hour')
                """, Ct);
        }
        await page.GotoAsync("/admin/dead-letters");
        await PageChecks.AssertGoodAsync(page, "admin-dead-letters-rows");
        var doomed = page.Locator("table.dead-letters tbody tr:has(code:text('to-delete'))");
        await doomed.Locator("summary").ClickAsync();
        await doomed.Locator("button:text('Yes, delete')").ClickAsync();
        await Expect(page.Locator("p.message")).ToHaveTextAsync("Dead letter deleted.");
        var row = page.Locator("table.dead-letters tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("code")).ToHaveTextAsync(id.ToString());
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(nameof(OrderPlaced));
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("5");
        await row.Locator("button:text('Replay')").ClickAsync();

        await Expect(page.Locator("p.message")).ToHaveTextAsync("Message replayed.");
        await Expect(page.Locator("text=No dead letters")).ToBeVisibleAsync();
        Assert.Equal(OrderStatus.Confirmed, (await stack.WaitForFinalAsync([id]))[id]);
    }

    [Fact]
    public async Task An_admin_runs_a_job_from_the_jobs_page()
    {
        await using var stack = await OrderingStack.StartAsync();
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await SignedInAsync(web);

        await page.GotoAsync("/admin/jobs");
        var job = page.Locator("section[data-job=housekeeping]");
        await Expect(job.Locator("code")).ToHaveTextAsync("15 * * * *");
        await job.Locator("button:text('Run now')").ClickAsync();
        await Expect(page.Locator("p.message")).ToContainTextAsync("requested");

        for (var i = 0; i < 50 && await page.Locator("section[data-job=housekeeping] td.outcome:text('Succeeded')").CountAsync() == 0; i++)
        {
            await Task.Delay(300, Ct);
            await page.ReloadAsync();
        }
        await Expect(page.Locator("section[data-job=housekeeping] td.outcome").First).ToHaveTextAsync("Succeeded");
    }

    private async Task<IPage> NewPageAsync(HostFactory<WebHost::Program> web)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = web.StartOnLoopback().ToString() });
        return await context.NewPageAsync();
    }

    private async Task<IPage> SignedInAsync(HostFactory<WebHost::Program> web)
    {
        var page = await NewPageAsync(web);
        await PageChecks.SignInAsync(page, OrderingStack.AdminToken);
        return page;
    }

    private static async Task<JsonElement> DeadLettersAsync(OrderingStack stack) =>
        await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(stack.Client, "/api/admin/dead-letters", Ct);

    [GeneratedRegex("/orders/[0-9a-f-]{36}$")]
    private static partial Regex OrderUrl();
}
