using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Shop.Tests;

/// <summary>The service defaults' resilience handler (configuration, retry rule) against a real Kestrel server that fails on purpose.</summary>
public sealed class ResilienceTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _hits;
    private int _failuresLeft;
    private ServiceProvider _services = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.Map("/flaky", () =>
        {
            Interlocked.Increment(ref _hits);
            return Interlocked.Decrement(ref _failuresLeft) >= 0 ? Results.StatusCode(503) : Results.Ok("done");
        });
        await _server.StartAsync(Ct);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HttpResilience:Retry:Delay"] = "00:00:00.010",
            ["HttpResilience:Retry:MaxRetryAttempts"] = "3",
            ["HttpResilience:CircuitBreaker:MinimumThroughput"] = "4",
            ["HttpResilience:CircuitBreaker:FailureRatio"] = "0.5",
            ["HttpResilience:CircuitBreaker:BreakDuration"] = "00:00:30",
            ["HttpResilience:Clients:once:Retry:MaxRetryAttempts"] = "1",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.ConfigureHttpClientDefaults(http => http.AddDefaultResilienceHandler());
        services.AddHttpClient("test", c => c.BaseAddress = new Uri(_server.Urls.First()));
        services.AddHttpClient("once", c => c.BaseAddress = new Uri(_server.Urls.First())).AddOwnResilienceHandler();
        _services = services.BuildServiceProvider();
    }

    private HttpClient Client => _services.GetRequiredService<IHttpClientFactory>().CreateClient("test");

    [Fact]
    public async Task A_GET_is_retried_on_503_until_it_succeeds()
    {
        _failuresLeft = 2;
        using var response = await Client.GetAsync("/flaky", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _hits);
    }

    [Fact]
    public async Task A_plain_POST_is_not_retried()
    {
        _failuresLeft = 1;
        using var response = await Client.PostAsync("/flaky", new StringContent("order"), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _hits);
    }

    [Fact]
    public async Task A_POST_with_an_idempotency_key_is_retried()
    {
        _failuresLeft = 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/flaky") { Content = new StringContent("order") };
        request.Headers.Add(ResilienceExtensions.IdempotencyKeyHeader, Guid.NewGuid().ToString());
        using var response = await Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _hits);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_stops_calling_the_server()
    {
        _failuresLeft = int.MaxValue;
        // Plain POSTs: one attempt each, so every call is one failure the breaker sees.
        for (var i = 0; i < 4; i++)
        {
            using var failed = await Client.PostAsync("/flaky", null, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }
        var hitsWhenOpened = _hits;

        await Assert.ThrowsAsync<BrokenCircuitException>(() => Client.GetAsync("/flaky", Ct));
        Assert.Equal(hitsWhenOpened, _hits);
    }

    [Fact]
    public async Task A_client_with_settings_of_its_own_uses_them_while_the_others_keep_the_defaults()
    {
        _failuresLeft = 2;
        using var own = await _services.GetRequiredService<IHttpClientFactory>().CreateClient("once").GetAsync("/flaky", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, own.StatusCode);
        Assert.Equal(2, _hits); // the first attempt and its one retry

        _failuresLeft = 2;
        _hits = 0;
        using var shared = await Client.GetAsync("/flaky", Ct);
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(3, _hits);
    }

    [Fact]
    public async Task An_open_circuit_to_one_authority_does_not_stop_calls_to_another()
    {
        _failuresLeft = int.MaxValue;
        for (var i = 0; i < 4; i++)
        {
            using var failed = await Client.PostAsync("/flaky", null, Ct);
        }
        await Assert.ThrowsAsync<BrokenCircuitException>(() => Client.GetAsync("/flaky", Ct));

        // The same server under another name is another authority, so another circuit.
        _failuresLeft = 0;
        var other = new UriBuilder(_server.Urls.First()) { Host = "localhost", Path = "/flaky" }.Uri;
        using var response = await Client.GetAsync(other, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }
}
