using Microsoft.Playwright;

namespace Shop.Tests.Browser;

/// <summary>A headless Chromium for each test (xUnit makes a class instance per test), closed after it.</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        GC.SuppressFinalize(this);
    }
}
