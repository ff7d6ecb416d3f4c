extern alias WebHost;

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.Tests.Infrastructure;
using Shop.Tests.Ordering;
using static Microsoft.Playwright.Assertions;

namespace Shop.Tests.Browser;

/// <summary>An admin on a phone and on a desktop: sign in → create → edit → upload an image → delete, each form also sent wrong.</summary>
public sealed partial class AdminJourneyTests : BrowserTest
{
    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task An_admin_creates_edits_illustrates_and_deletes_an_item(int width)
    {
        await using var stack = await OrderingStack.StartAsync();
        await using var web = new HostFactory<WebHost::Program>(HealthTests.WebSettings(stack.ApiAddress));
        var page = await PageChecks.NewPageAsync(Browser, web.StartOnLoopback(), width);
        var name = $"Journey Lantern {width}";

        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
        await PageChecks.AssertGoodAsync(page, "admin-login");
        await page.FillAsync("input[name=token]", "wrong");
        await page.ClickAsync("button:text('Sign in')");
        await Expect(page.Locator(".error")).ToHaveTextAsync("That token was not accepted.");
        await page.FillAsync("input[name=token]", OrderingStack.AdminToken);
        await page.ClickAsync("button:text('Sign in')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Catalog admin");
        await PageChecks.AssertGoodAsync(page, "admin-items");

        // Create: a name of spaces passes the browser's "required" but not the Api; then a valid item.
        var create = page.Locator("#new-item");
        await FillItemAsync(create, "   ", "9.50", "3");
        await create.Locator("button:text('Create')").ClickAsync();
        await Expect(page.Locator("p.error")).ToContainTextAsync("name is required");
        await FillItemAsync(page.Locator("#new-item"), name, "9.50", "3");
        await page.Locator("#new-item button:text('Create')").ClickAsync();
        await Expect(page.Locator("p.message")).ToHaveTextAsync("Item created.");

        await page.FillAsync("input[name=q]", name);
        await page.ClickAsync("button:text('Find')");
        await page.ClickAsync($"a:text('{name}')");
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Edit {name}");
        await PageChecks.AssertGoodAsync(page, "admin-item");

        // Edit: a price the browser would refuse, sent anyway, is refused by the Api; then a valid change.
        await page.Locator("#edit-item").EvaluateAsync("f => f.noValidate = true");
        await page.FillAsync("#edit-item input[name=price]", "0");
        await page.ClickAsync("#edit-item button:text('Save')");
        await Expect(page.Locator("p.error")).ToContainTextAsync("price is required");
        await page.FillAsync("#edit-item input[name=stock]", "7");
        await page.ClickAsync("#edit-item button:text('Save')");
        await Expect(page.Locator("p.message")).ToHaveTextAsync("Saved.");
        await Expect(page.Locator("#edit-item input[name=stock]")).ToHaveValueAsync("7");

        // Upload: a text file calling itself a PNG is refused; a real PNG is taken.
        await page.SetInputFilesAsync("input[name=image]", new FilePayload { Name = "fake.png", MimeType = "image/png", Buffer = "not a picture"u8.ToArray() });
        await page.ClickAsync("button:text('Upload')");
        await Expect(page.Locator("p.error")).ToBeVisibleAsync();
        await page.SetInputFilesAsync("input[name=image]", new FilePayload { Name = "photo.jpg", MimeType = "image/jpeg", Buffer = TestImages.Photo(64, 48) });
        await page.ClickAsync("button:text('Upload')");
        await Expect(page.Locator("p.message")).ToHaveTextAsync("Image uploaded; it is shown in all sizes once the Worker has made them.");

        // Delete asks first.
        await page.ClickAsync("summary:text('Delete this item')");
        await PageChecks.AssertGoodAsync(page, "admin-delete");
        await page.ClickAsync("button:text('Yes, delete')");
        await Expect(page.Locator("p.message")).ToHaveTextAsync("Item deleted.");
        await page.FillAsync("input[name=q]", name);
        await page.ClickAsync("button:text('Find')");
        await Expect(page.Locator("p.count")).ToHaveTextAsync("0 item(s)");

        await page.ClickAsync(".admin-nav a:text('Dead letters')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dead letters");
        await PageChecks.AssertGoodAsync(page, "admin-dead-letters");
        await page.ClickAsync(".admin-nav a:text('Jobs')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Jobs");
        await PageChecks.AssertGoodAsync(page, "admin-jobs");
        await page.ClickAsync(".admin-nav button:text('Sign out')");
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Regex("/admin/login"));
    }

    private static async Task FillItemAsync(ILocator form, string name, string price, string stock)
    {
        await form.Locator("input[name=name]").FillAsync(name);
        await form.Locator("textarea[name=description]").FillAsync("A lantern for the journey.");
        await form.Locator("input[name=price]").FillAsync(price);
        await form.Locator("input[name=stock]").FillAsync(stock);
    }
}
