extern alias WebHost;

using System.Net;
using System.Text.RegularExpressions;
using Shop.Tests.Catalog;
using Shop.Tests.Infrastructure;

namespace Shop.Tests;

/// <summary>Two Web replicas share their data-protection keys through Redis: either can read the other's cookies.</summary>
public sealed partial class WebReplicaTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_signed_in_on_one_Web_process_is_signed_in_on_another()
    {
        var settings = HealthTests.WebSettings(fx.ApiAddress(), fx.Redis.ConnectionString);
        await using var one = new HostFactory<WebHost::Program>(settings);
        var first = one.StartOnLoopback();
        // The second replica is its own process with its own HOME: no key ring on disk to share by accident.
        var second = new Uri($"http://127.0.0.1:{OwnServer.FreePort()}");
        var home = Directory.CreateTempSubdirectory("shop-web-home-").FullName;
        await using var other = AppProcess.Web(settings, second, home);
        // Cookies belong to a host, not a port: this client sends the first replica's cookies to the second.
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

        var login = await client.GetStringAsync(new Uri(first, "/admin/login"), Ct);
        using var signIn = await client.PostAsync(new Uri(first, "/admin/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = CatalogFixture.AdminToken,
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(login).Groups[1].Value,
        }), Ct);
        Assert.Equal("/admin", signIn.Headers.Location?.OriginalString);
        await Health.WaitForAsync(new HttpClient { BaseAddress = second }, HttpStatusCode.OK);

        using var admin = await client.GetAsync(new Uri(second, "/admin"), Ct);

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("<h1>Catalog admin</h1>", await admin.Content.ReadAsStringAsync(Ct));
        Directory.Delete(home, recursive: true);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
