extern alias WebHost;

using System.Net;
using Microsoft.Playwright;
using Shop.Catalog.Images;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>The item page offers every rendition in srcset; a 1280 px wide window loads the 1280 one.</summary>
public sealed class ItemImageBrowserTests
{
    [Fact]
    public async Task The_item_page_has_a_srcset_and_a_1280_px_window_loads_the_1280_rendition()
    {
        await using var stack = await OrderingStack.StartAsync();
        var imageId = await ImageSteps.UploadAsync(stack, 14, TestImages.Photo(4000, 3000), HttpStatusCode.OK);
        await ImageSteps.WaitForStatusAsync(stack, imageId, CatalogImageStatus.Ready);
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = web.StartOnLoopback().ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, DeviceScaleFactor = 1,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/items/14", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var image = page.Locator("article.item img");
        await Expect(image).ToHaveJSPropertyAsync("complete", true);
        var srcset = await image.GetAttributeAsync("srcset");
        foreach (var width in ImageRenderer.Widths)
        {
            Assert.Contains($"{imageId:N}/{width}.webp {width}w", srcset);
        }
        var current = await image.EvaluateAsync<string>("img => img.currentSrc");
        Assert.EndsWith($"{imageId:N}/1280.webp", current);
        // The item page gives the picture a slot of about 700 px at this width: 1280 is the smallest rendition that fills it.
        Assert.InRange(await image.EvaluateAsync<double>("img => img.getBoundingClientRect().width"), 641, 1280);
        // Fetched through Web, with the Api's year-long immutable caching.
        var cacheControl = await image.EvaluateAsync<string>("img => fetch(img.currentSrc).then(r => r.headers.get('cache-control'))");
        Assert.Contains("immutable", cacheControl);
    }
}
