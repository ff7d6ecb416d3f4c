using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Browser;

/// <summary>What every page must satisfy on a phone and a desktop: it fits, it is usable by touch, axe finds nothing grave.</summary>
internal static class PageChecks
{
    public static readonly int[] Widths = [390, 1280];

    public static async Task<IPage> NewPageAsync(IBrowser browser, Uri baseUrl, int width)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = width, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// No horizontal scroll, controls and stand-alone links at least 44 px high, fields with 16 px text (phones zoom into
    /// smaller), and no critical or serious axe violation.
    /// </summary>
    public static async Task AssertGoodAsync(IPage page, string name)
    {
        var width = page.ViewportSize!.Width;
        await page.ScreenshotAsync(new() { Path = Artifact($"{name}-{width}.png"), FullPage = true });
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{name} at {width} px scrolls sideways by {overflow} px");
        var small = await page.EvaluateAsync<string[]>("""
            Array.from(document.querySelectorAll("button, input:not([type=hidden]), select, textarea, a.button, summary, .foot a, .actions a, .paging a"))
              .filter(e => e.offsetParent !== null)
              .filter(e => e.getBoundingClientRect().height < 43.5
                || (e.matches("input, select, textarea") && parseFloat(getComputedStyle(e).fontSize) < 16))
              .map(e => `${e.outerHTML.slice(0, 80)} ${Math.round(e.getBoundingClientRect().height)}px ${getComputedStyle(e).fontSize}`)
            """);
        Assert.True(small.Length == 0, $"{name} at {width} px: controls under 44 px or 16 px text: {string.Join(" | ", small)}");
        var axe = await page.RunAxe();
        var grave = axe.Violations.Where(v => v.Impact is "critical" or "serious")
            .Select(v => $"{v.Id} ({v.Impact}): {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(grave.Count == 0, $"{name} at {width} px: {string.Join(" | ", grave)}");
    }

    public static async Task SignInAsync(IPage page, string token)
    {
        await page.GotoAsync("/admin/login");
        await page.FillAsync("input[name=token]", token);
        await page.ClickAsync("button:text('Sign in')");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Catalog admin");
    }

    public static string Artifact(string name)
    {
        var dir = Path.Combine(TestServers.RepoRoot, ".local", "test", "artifacts");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
