extern alias ApiHost;
extern alias WebHost;

using Microsoft.Playwright;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>Debian's Chromium driving the real Web and Api, both on real loopback ports.</summary>
public sealed class BrowserTests(CatalogFixture fx) : BrowserTest, IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task Search_open_add_to_cart_change_quantity_and_the_cart_survives_a_Web_restart()
    {
        var api = fx.ApiAddress();
        var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api, fx.Redis.ConnectionString));
        var context = await Browser.NewContextAsync(new() { BaseURL = web.StartOnLoopback().ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
        // Every product image came through Web's relay from blob storage.
        Assert.True(await page.EvaluateAsync<bool>("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"));
        Assert.Equal(24, await page.Locator(".card img").CountAsync());
        await page.ScreenshotAsync(new() { Path = PageChecks.Artifact("catalog.png"), FullPage = true });
        await page.FillAsync("input[name=q]", "Glacier Camp Stove");
        await page.ClickAsync("button:text('Search')");
        await page.Locator(".card h2").First.ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Glacier Camp Stove");
        await Expect(page.Locator("article.item img")).ToHaveJSPropertyAsync("complete", true);
        await page.ClickAsync("button:text('Add to cart')");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/cart\\?added=\\d+$"));
        var row = page.Locator("tr[data-item]");
        await Expect(row).ToHaveCountAsync(1);
        await row.Locator("input[name=quantity]").FillAsync("3");
        await row.Locator("button:text('Update')").ClickAsync();
        await Expect(page.Locator("tr[data-item] input[name=quantity]")).ToHaveValueAsync("3");
        var total = await page.Locator(".total").TextContentAsync();

        // A new Web process (another port, same host): the cart lives in Redis, not in the process.
        await web.DisposeAsync();
        await using var restarted = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api, fx.Redis.ConnectionString));
        await page.GotoAsync(new Uri(restarted.StartOnLoopback(), "/cart").ToString());
        await Expect(page.Locator("tr[data-item] input[name=quantity]")).ToHaveValueAsync("3");
        await Expect(page.Locator(".total")).ToHaveTextAsync(total!);
    }

    [Fact]
    public async Task An_admin_uploads_an_image_and_the_storefront_shows_it()
    {
        var api = fx.ApiAddress();
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(api, fx.Redis.ConnectionString));
        var context = await Browser.NewContextAsync(new() { BaseURL = web.StartOnLoopback().ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/login"));
        await page.FillAsync("input[name=token]", "wrong");
        await page.ClickAsync("button:text('Sign in')");
        await Expect(page.Locator(".error")).ToBeVisibleAsync();
        await page.FillAsync("input[name=token]", CatalogFixture.AdminToken);
        await page.ClickAsync("button:text('Sign in')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Catalog admin");

        await page.GotoAsync("/admin/items/7");
        var png = Path.Combine(Path.GetTempPath(), $"upload-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(png, Convert.FromBase64String(RedPixelPng), TestContext.Current.CancellationToken);
        await page.SetInputFilesAsync("input[name=image]", png);
        await page.ClickAsync("button:text('Upload')");
        await Expect(page.Locator(".message")).ToHaveTextAsync("Image uploaded; it is shown in all sizes once the Worker has made them.");

        await page.GotoAsync("/items/7", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var image = page.Locator("article.item img");
        await Expect(image).ToHaveJSPropertyAsync("naturalWidth", 1);
        var type = await image.EvaluateAsync<string>("img => fetch(img.src).then(r => r.headers.get('content-type'))");
        Assert.Equal("image/png", type);
    }

    private const string RedPixelPng =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
}
