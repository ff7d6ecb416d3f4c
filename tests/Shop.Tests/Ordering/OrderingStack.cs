extern alias ApiHost;
extern alias WorkerHost;

using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shop.Catalog;
using Shop.Data;
using Shop.Ordering;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Ordering;

/// <summary>
/// A seeded database, the Api (with the simulated payment provider) on a real port and, unless a test
/// runs its own, an in-process Worker. Settings of either host can be changed per test.
/// </summary>
public sealed class OrderingStack : IAsyncDisposable
{
    public const string AdminToken = "test-admin-token-0123456789";
    public string ConnectionString { get; private init; } = "";
    public Uri ApiAddress { get; private set; } = null!;
    public HostFactory<ApiHost::Program> Api { get; private set; } = null!;
    public HostFactory<WorkerHost::Program>? Worker { get; private set; }
    public HttpClient Client { get; private set; } = null!;

    public static async Task<OrderingStack> StartAsync(
        Action<Dictionary<string, string?>>? api = null, Action<Dictionary<string, string?>>? worker = null,
        bool startWorker = true, Action<IServiceCollection>? services = null, string? connectionString = null)
    {
        var database = new ShopDatabase();
        if (connectionString is null)
        {
            await database.InitializeAsync();
        }
        else
        {
            await ShopDatabase.MigrateAsync(connectionString);
        }
        var stack = new OrderingStack { ConnectionString = connectionString ?? database.ConnectionString };
        await using (var db = stack.NewDbContext())
        {
            await Seed.CatalogAsync(db);
        }
        var apiSettings = Settings.For(stack.ConnectionString);
        apiSettings["Admin:Token"] = AdminToken;
        apiSettings["PaymentSimulator:Enabled"] = "true";
        api?.Invoke(apiSettings);
        stack.Api = new HostFactory<ApiHost::Program>(apiSettings, services);
        stack.ApiAddress = stack.Api.StartOnLoopback();
        stack.Client = new HttpClient { BaseAddress = stack.ApiAddress };
        stack.Client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        if (startWorker)
        {
            var workerSettings = stack.WorkerSettings();
            worker?.Invoke(workerSettings);
            stack.Worker = new HostFactory<WorkerHost::Program>(workerSettings, services);
            stack.Worker.StartOnLoopback();
        }
        return stack;
    }

    /// <summary>What a Worker of this stack needs; short delays keep retries quick in tests.</summary>
    public Dictionary<string, string?> WorkerSettings()
    {
        var settings = Settings.For(ConnectionString);
        settings["Payments:BaseUrl"] = new Uri(ApiAddress, "/simulated-payments").ToString();
        settings["Messaging:RetryBaseDelay"] = "00:00:00.200";
        settings["Messaging:MaxRetryDelay"] = "00:00:02";
        settings["Messaging:PollInterval"] = "00:00:00.500";
        settings["Messaging:VisibilityTimeout"] = "00:00:05";
        settings["HttpResilience:Retry:Delay"] = "00:00:00.050";
        return settings;
    }

    public ShopDbContext NewDbContext() =>
        ShopDatabase.NewDbContext(ConnectionString);

    public static object Body(string email, params (int ItemId, int Quantity)[] lines) =>
        new { email, lines = lines.Select(l => new { itemId = l.ItemId, quantity = l.Quantity }) };

    public async Task<HttpResponseMessage> PostOrderAsync(object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add(ResilienceExtensions.IdempotencyKeyHeader, key ?? Guid.NewGuid().ToString());
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<Guid> PlaceAsync(string email, params (int ItemId, int Quantity)[] lines)
    {
        using var response = await PostOrderAsync(Body(email, lines));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Accepted>(TestContext.Current.CancellationToken))!.Id;
    }

    /// <summary>Waits until every order is final; returns their statuses.</summary>
    public async Task<Dictionary<Guid, OrderStatus>> WaitForFinalAsync(IReadOnlyCollection<Guid> ids, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var final = new[] { OrderStatus.Confirmed, OrderStatus.Rejected, OrderStatus.PaymentFailed };
        while (true)
        {
            await using var db = NewDbContext();
            Dictionary<Guid, OrderStatus> statuses;
            try
            {
                statuses = await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id))
                    .ToDictionaryAsync(o => o.Id, o => o.Status, TestContext.Current.CancellationToken);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken); // the database is restarting
                continue;
            }
            var done = statuses.Count == ids.Count && statuses.Values.All(final.Contains);
            if (done || DateTime.UtcNow > deadline)
            {
                Assert.True(done, $"Not final after {seconds} s: " + string.Join(", ",
                    statuses.Where(s => !final.Contains(s.Value)).Select(s => $"{s.Key}={s.Value}").Take(10)));
                return statuses;
            }
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }
        Client.Dispose();
        await Api.DisposeAsync();
    }

    private sealed record Accepted(Guid Id, string Status);
}
