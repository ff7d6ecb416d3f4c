extern alias WorkerHost;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Ordering;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Ordering;

/// <summary>Nothing accepted is lost or duplicated: poison messages, a killed Worker, a restarted database.</summary>
public sealed class OrderFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_message_that_always_fails_is_dead_lettered_and_completes_when_replayed_after_a_fix()
    {
        // The "bug": the Worker points at a payment provider that is not there, so every delivery throws.
        await using var stack = await OrderingStack.StartAsync(worker: s => s["Payments:BaseUrl"] = "http://127.0.0.1:9/nowhere/");
        var id = await stack.PlaceAsync("poison@example.com", (20, 1));

        JsonElement letter = default;
        for (var i = 0; i < 300 && letter.ValueKind == JsonValueKind.Undefined; i++, await Task.Delay(200, Ct))
        {
            var page = await stack.Client.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters", Ct);
            letter = page.GetProperty("items").EnumerateArray().FirstOrDefault(d => d.GetProperty("correlationId").GetString() == id.ToString());
        }
        Assert.NotEqual(JsonValueKind.Undefined, letter.ValueKind);
        Assert.Equal(5, letter.GetProperty("deliveryCount").GetInt32());
        Assert.Equal(nameof(OrderPlaced), letter.GetProperty("type").GetString());
        // The last error is the connection failure, or the open circuit that the failures tripped.
        Assert.Matches("HttpRequestException|BrokenCircuitException", letter.GetProperty("lastError").GetString());
        Assert.Equal(OrderStatus.StockReserved, await StatusAsync(stack, id));

        // The fix: a Worker with the right configuration. Then replay.
        await stack.Worker!.DisposeAsync();
        await using var fixedWorker = new HostFactory<WorkerHost::Program>(stack.WorkerSettings());
        fixedWorker.StartOnLoopback();
        var letterId = letter.GetProperty("id").GetGuid();
        using var replay = await stack.Client.PostAsync($"/api/admin/dead-letters/{letterId}/replay", null, Ct);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        Assert.Equal(OrderStatus.Confirmed, (await stack.WaitForFinalAsync([id]))[id]);
        var after = await stack.Client.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters", Ct);
        Assert.Equal(0, after.GetProperty("total").GetInt64());
        using var again = await stack.Client.PostAsync($"/api/admin/dead-letters/{letterId}/replay", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Dead_letters_need_the_admin_token_and_can_be_deleted()
    {
        await using var stack = await OrderingStack.StartAsync(startWorker: false);
        Guid id;
        await using (var db = stack.NewDbContext())
        {
            id = Guid.NewGuid();
            var payload = """{"orderId":"00000000-0000-0000-0000-000000000000"}""";
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO dead_letters (id, queue, type, payload, correlation_id, created_at, delivery_count, last_error, dead_lettered_at)
                VALUES ({id}, 'orders', 'OrderPlaced', CAST({payload} AS jsonb), 'x', now(), 5, 'boom', now())
                """, Ct);
        }
        using var anonymous = new HttpClient { BaseAddress = stack.ApiAddress };
        using var denied = await anonymous.GetAsync("/api/admin/dead-letters", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        using var deleted = await stack.Client.DeleteAsync($"/api/admin/dead-letters/{id}", Ct);
        using var missing = await stack.Client.DeleteAsync($"/api/admin/dead-letters/{id}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Killing_the_Worker_mid_work_loses_and_duplicates_nothing()
    {
        await using var stack = await OrderingStack.StartAsync(startWorker: false, api: s => s["PaymentSimulator:LatencyMs"] = "150");
        await OrderPipelineTests.TopUpStockAsync(stack);
        var settings = stack.WorkerSettings();
        settings["Messaging:MaxConcurrency"] = "4";
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await stack.PlaceAsync($"crash{i}@example.com", (30 + i % 5, 1)));
        }

        await using var first = AppProcess.Worker(settings, "--urls", "http://127.0.0.1:0");
        Assert.True(await WaitUntilAsync(stack, ids, confirmedAtLeast: 3), "the first Worker never confirmed an order");
        await first.KillAsync();
        // The kill caught work in flight: claims it will never finish, on orders not yet final.
        Assert.NotEmpty(await ClaimedUnfinishedAsync(stack));
        Assert.True(await CountAsync(stack, ids, OrderStatus.Confirmed) < ids.Count, "the Worker finished before it was killed");
        await using var second = AppProcess.Worker(settings, "--urls", "http://127.0.0.1:0");

        await stack.WaitForFinalAsync(ids, seconds: 120);
        await using var db = stack.NewDbContext();
        var history = await db.Orders.Where(o => ids.Contains(o.Id)).SelectMany(o => o.History)
            .GroupBy(h => new { h.OrderId, h.Status }).Select(g => g.Count()).ToListAsync(Ct);
        Assert.All(history, count => Assert.Equal(1, count));
        Assert.Equal(ids.Count, await CountAsync(stack, ids, OrderStatus.Confirmed));
        foreach (var id in ids)
        {
            Assert.Single(await OrderPipelineTests.WaitForMailAsync(id));
        }
        for (var item = 30; item < 35; item++)
        {
            Assert.Equal(100_000 - ids.Count / 5, await OrderPipelineTests.StockAsync(stack, item));
        }
    }

    [Fact]
    public async Task Stopping_the_Worker_mid_work_releases_its_messages_and_another_Worker_finishes_them()
    {
        // Slow payments keep messages in flight; no grace period, so stopping cancels them.
        await using var stack = await OrderingStack.StartAsync(startWorker: false, api: s => s["PaymentSimulator:LatencyMs"] = "3000");
        var settings = stack.WorkerSettings();
        settings["Messaging:ShutdownGrace"] = "00:00:00";
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await stack.PlaceAsync($"stop{i}@example.com", (60 + i, 1)));
        }
        var first = new HostFactory<WorkerHost::Program>(settings);
        first.StartOnLoopback();
        Assert.True(await WaitUntilReservedAsync(stack, ids), "the first Worker never reserved the stock");
        // Every message is claimed and its order unfinished: the stop below interrupts all six charges.
        Assert.Equal(ids.Count, (await ClaimedUnfinishedAsync(stack)).Count);
        await first.DisposeAsync(); // graceful stop while the charges are in flight

        await using (var db = stack.NewDbContext())
        {
            var waiting = await db.OutboxMessages.Where(m => m.Type == nameof(OrderPlaced)).ToListAsync(Ct);
            Assert.NotEmpty(waiting);
            // Released, not left to the visibility timeout, and the interrupted delivery did not count.
            Assert.All(waiting, m => Assert.True(m.AvailableAt <= DateTimeOffset.UtcNow.AddSeconds(1), $"available at {m.AvailableAt:O}"));
            Assert.All(waiting, m => Assert.Equal(0, m.DeliveryCount));
        }
        settings["Messaging:VisibilityTimeout"] = "00:10:00"; // only a release makes them visible this quickly
        await using var second = new HostFactory<WorkerHost::Program>(settings);
        second.StartOnLoopback();

        var statuses = await stack.WaitForFinalAsync(ids, seconds: 60);
        Assert.All(statuses.Values, s => Assert.Equal(OrderStatus.Confirmed, s));
    }

    [Fact]
    public async Task Orders_still_end_final_across_a_database_restart_and_the_Api_answers_503_meanwhile()
    {
        await using var pg = new OwnPostgres();
        await pg.StartAsync();
        var connection = pg.ConnectionString(await TestServers.CreateDatabaseAsync("restart", pg.Port));
        // Payments slower than the outage: charges answered while the database is down must still end in Confirmed.
        await using var stack = await OrderingStack.StartAsync(connectionString: connection, api: s => s["PaymentSimulator:LatencyMs"] = "3000");
        await OrderPipelineTests.TopUpStockAsync(stack);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await stack.PlaceAsync($"restart{i}@example.com", (40 + i % 5, 1)));
        }
        Assert.True(await Poll.UntilAsync(async () => await CountAsync(stack, ids, OrderStatus.StockReserved) > 0, TimeSpan.FromSeconds(15)),
            "no order reached its payment");
        Assert.Equal(0, await CountFinalAsync(stack, ids));

        await pg.StopAsync();
        using var down = await stack.PostOrderAsync(OrderingStack.Body("down@example.com", (40, 1)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType!.MediaType);
        await Task.Delay(1500, Ct);
        await pg.StartAsync();
        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own pooled connections died with the server

        var statuses = await stack.WaitForFinalAsync(ids, seconds: 120);
        Assert.All(statuses.Values, s => Assert.Equal(OrderStatus.Confirmed, s));
    }

    private static async Task<int> CountFinalAsync(OrderingStack stack, List<Guid> ids)
    {
        await using var db = stack.NewDbContext();
        return await db.Orders.CountAsync(o => ids.Contains(o.Id)
            && (o.Status == OrderStatus.Confirmed || o.Status == OrderStatus.Rejected || o.Status == OrderStatus.PaymentFailed), Ct);
    }

    /// <summary>Order messages a consumer has claimed (hidden until their visibility timeout) whose orders are not final.</summary>
    private static async Task<List<Guid>> ClaimedUnfinishedAsync(OrderingStack stack)
    {
        await using var db = stack.NewDbContext();
        return await db.Database.SqlQuery<Guid>($"""
            SELECT o.id AS "Value" FROM outbox_messages m JOIN orders o ON o.id::text = m.correlation_id
            WHERE m.queue = 'orders' AND m.delivery_count > 0 AND m.available_at > now()
              AND o.status NOT IN ('Confirmed', 'Rejected', 'PaymentFailed')
            """).ToListAsync(Ct);
    }

    private static async Task<OrderStatus> StatusAsync(OrderingStack stack, Guid id)
    {
        await using var db = stack.NewDbContext();
        return await db.Orders.Where(o => o.Id == id).Select(o => o.Status).SingleAsync(Ct);
    }

    private static async Task<int> CountAsync(OrderingStack stack, List<Guid> ids, OrderStatus status)
    {
        await using var db = stack.NewDbContext();
        return await db.Orders.CountAsync(o => ids.Contains(o.Id) && o.Status == status, Ct);
    }

    private static Task<bool> WaitUntilReservedAsync(OrderingStack stack, List<Guid> ids) => Poll.UntilAsync(
        async () => await CountAsync(stack, ids, OrderStatus.StockReserved) >= ids.Count, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));

    private static Task<bool> WaitUntilAsync(OrderingStack stack, List<Guid> ids, int confirmedAtLeast) => Poll.UntilAsync(
        async () => await CountAsync(stack, ids, OrderStatus.Confirmed) >= confirmedAtLeast, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
}
