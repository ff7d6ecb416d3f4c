using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Shop;

namespace AppHost.Tests;

/// <summary>One AppHost run, with its dashboard, shared by the tests of this class.</summary>
public sealed class RunningShop : IAsyncLifetime
{
    public ShopApp Shop { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(ShopApp.StartTimeout);
        Shop = await ShopApp.StartAsync(dashboard: true, ct: timeout.Token);
    }

    public async ValueTask DisposeAsync() => await Shop.DisposeAsync();
}

public sealed partial class ShopRunsTests(RunningShop running) : IClassFixture<RunningShop>
{
    private static readonly string[] _servers = [ResourceNames.Postgres, ResourceNames.Cache, ResourceNames.Storage, ResourceNames.Payments];
    private static readonly string[] _hosts = [ResourceNames.Api, ResourceNames.Worker, ResourceNames.Web];
    private DistributedApplication App => running.Shop.App;

    [Fact]
    public async Task Migrations_finish_with_exit_code_0_and_every_resource_becomes_healthy()
    {
        var ct = Timeout();
        var migration = await running.Shop.WaitForEndOrHealthyAsync(ResourceNames.Migrations, ct);
        Assert.Equal(KnownResourceStates.Finished, migration.State?.Text);
        Assert.Equal(0, migration.ExitCode);

        foreach (var resource in _servers.Concat(_hosts))
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, ct);
        }
        foreach (var host in new[] { ResourceNames.Api, ResourceNames.Web })
        {
            using var client = App.CreateHttpClient(host);
            using var response = await client.GetAsync("/health", ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Contains(running.Shop.Log.Lines, l => l.Contains("The shop is up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_order_placed_on_the_Web_is_confirmed_and_the_dashboard_shows_one_trace_from_Web_through_Api_to_Worker()
    {
        var ct = Timeout();
        foreach (var host in _hosts)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(host, ct);
        }
        using var api = App.CreateHttpClient(ResourceNames.Api);
        var page = await api.GetFromJsonAsync<JsonElement>("/api/catalog/items?pageSize=20", ct);
        var itemId = page.GetProperty("items").EnumerateArray().First(i => i.GetProperty("stock").GetInt32() > 0).GetProperty("id").GetInt32();

        var orderId = await WebShopper.PlaceOrderAsync(App.GetEndpoint(ResourceNames.Web), itemId, ct);

        string? status = null;
        for (var i = 0; i < 120 && status != "Confirmed"; i++)
        {
            var order = await api.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}", ct);
            status = order.GetProperty("status").GetString();
            Assert.DoesNotContain(status, new[] { "Rejected", "PaymentFailed" });
            await Task.Delay(500, ct);
        }
        Assert.Equal("Confirmed", status);

        // The checkout request's trace, as the dashboard received it: one trace id across all three projects.
        using var dashboard = new HttpClient { BaseAddress = await App.GetDashboardUrlAsync(ct) };
        dashboard.DefaultRequestHeaders.Add("x-api-key", ShopApp.DashboardApiKey);
        HashSet<string> services = [];
        for (var i = 0; i < 60 && !_hosts.All(services.Contains); i++)
        {
            await Task.Delay(500, ct);
            var spans = Spans.Parse(await dashboard.GetStringAsync("/api/telemetry/spans?resource=web&resource=api&resource=worker", ct));
            var checkout = spans.Where(s => s.Service == ResourceNames.Web && s.Name.StartsWith("POST /checkout", StringComparison.Ordinal))
                .Select(s => s.TraceId).ToHashSet();
            var trace = checkout.FirstOrDefault(t => spans.Any(s => s.TraceId == t && s.Service == ResourceNames.Worker));
            services = [.. spans.Where(s => s.TraceId == trace).Select(s => s.Service)];
        }
        Assert.Superset(_hosts.ToHashSet(), services);
    }

    [Fact]
    public async Task Every_project_sends_its_logs_traces_and_metrics_to_the_dashboard()
    {
        var ct = Timeout();
        foreach (var host in _hosts)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(host, ct);
        }
        using var dashboard = new HttpClient { BaseAddress = await App.GetDashboardUrlAsync(ct) };
        dashboard.DefaultRequestHeaders.Add("x-api-key", ShopApp.DashboardApiKey);
        // Every project logs and meters from its start; the hosts also trace (the health probes alone make spans).
        string[] projects = [.. _hosts, ResourceNames.Migrations, ResourceNames.Payments];
        var missing = projects.ToList();
        for (var i = 0; i < 60 && missing.Count > 0; i++)
        {
            await Task.Delay(500, ct);
            var resources = JsonDocument.Parse(await dashboard.GetStringAsync("/api/telemetry/resources", ct)).RootElement.EnumerateArray()
                .ToDictionary(r => r.GetProperty("name").GetString()!, r => r);
            missing = [.. projects.Where(p => !resources.TryGetValue(p, out var r) || !r.GetProperty("hasLogs").GetBoolean()
                || !r.GetProperty("hasMetrics").GetBoolean() || (_hosts.Contains(p) && !r.GetProperty("hasTraces").GetBoolean()))];
        }
        Assert.Empty(missing);
    }

    private static CancellationToken Timeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ShopApp.StartTimeout);
        return timeout.Token;
    }
}

/// <summary>Spans as the dashboard's telemetry API returns them (OTLP JSON), flattened.</summary>
internal sealed record Spans(string Service, string TraceId, string Name)
{
    public static List<Spans> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new List<Spans>();
        foreach (var resourceSpans in doc.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
                .First(a => a.GetProperty("key").GetString() == "service.name").GetProperty("value").GetProperty("stringValue").GetString()!;
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    result.Add(new(service, span.GetProperty("traceId").GetString()!, span.GetProperty("name").GetString()!));
                }
            }
        }
        return result;
    }
}

/// <summary>A shopper on the storefront: item page, add to cart, checkout. Plain HTTP with cookies, as a browser posts the forms.</summary>
internal static partial class WebShopper
{
    public static async Task<Guid> PlaceOrderAsync(Uri web, int itemId, CancellationToken ct)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = web };
        var item = await client.GetStringAsync($"/items/{itemId}", ct);
        using (var add = await client.PostAsync("/cart/add", Form(item, ("itemId", itemId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("quantity", "1")), ct))
        {
            Assert.True(add.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found, $"add to cart: {add.StatusCode}");
        }
        var checkout = await client.GetStringAsync("/checkout", ct);
        var key = CheckoutKey().Match(checkout).Groups[1].Value;
        using var placed = await client.PostAsync("/checkout", Form(checkout, ("checkoutKey", key), ("email", "apphost-test@example.com")), ct);
        var location = placed.Headers.Location?.ToString() ?? "";
        Assert.StartsWith("/orders/", location);
        return Guid.Parse(location["/orders/".Length..]);
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new([new("__RequestVerificationToken", Token().Match(page).Groups[1].Value), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"checkoutKey\" value=\"([^\"]+)\"")]
    private static partial Regex CheckoutKey();
}
