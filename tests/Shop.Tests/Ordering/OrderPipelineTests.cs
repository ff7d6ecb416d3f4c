using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Shop.Ordering;
using Shop.Storage;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Ordering;

/// <summary>Orders through the whole pipeline: Api → outbox/queue → Worker → payment → mail.</summary>
public sealed class OrderPipelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_is_confirmed_with_its_history_stock_mail_and_one_trace()
    {
        var exported = new Spans();
        await using var stack = await OrderingStack.StartAsync(services: exported.AddTo);
        var stockBefore = await StockAsync(stack, 7);

        // The test starts the trace (HttpClient propagates the current activity), so it knows the id the Worker's span must carry.
        Guid id;
        ActivityTraceId traceId;
        // Recorded: a parent that is not sampled would make the hosts drop every span of the trace.
        using (var test = new Activity("test places an order") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = test.TraceId;
            id = await stack.PlaceAsync("ada@example.com", (7, 2));
        }
        await stack.WaitForFinalAsync([id]);

        var order = await stack.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}", Ct);
        Assert.Equal("Confirmed", order.GetProperty("status").GetString());
        Assert.Equal(["Placed", "StockReserved", "Paid", "Confirmed"],
            order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.All(order.GetProperty("history").EnumerateArray(), h => Assert.NotEmpty(h.GetProperty("reason").GetString()!));
        Assert.Equal(stockBefore - 2, await StockAsync(stack, 7));
        var mail = await WaitForMailAsync(id);
        Assert.Single(mail);
        Assert.Contains("Order confirmed", mail[0]);
        Assert.Contains("To: <ada@example.com>", mail[0]);

        // The Api's request span continued the test's trace, and the Worker's processing of this order continued it too.
        Activity? post = null, process = null;
        for (var i = 0; i < 50 && (post is null || process is null); i++, await Task.Delay(100, Ct))
        {
            var spans = exported.Snapshot();
            process = spans.FirstOrDefault(s => s.Kind == ActivityKind.Consumer && s.DisplayName == "orders process"
                && (string?)s.GetTagItem("messaging.message.conversation_id") == id.ToString()
                && (string?)s.GetTagItem("messaging.message.type") == nameof(OrderPlaced));
            post = spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.TraceId == traceId && (string?)s.GetTagItem("http.route") == "/api/orders");
        }
        Assert.NotNull(post);
        Assert.NotNull(process);
        Assert.Equal(traceId, process.TraceId);
    }

    [Fact]
    public async Task Orders_complete_through_retries_when_half_the_payment_calls_fail()
    {
        // Production-like pacing of redeliveries, so they outlast the payment client's circuit breaks.
        await using var stack = await OrderingStack.StartAsync(
            api: s => s["PaymentSimulator:TransientFailureRate"] = "0.5",
            worker: s => (s["Messaging:RetryBaseDelay"], s["Messaging:MaxRetryDelay"]) = ("00:00:01", "00:00:10"));
        await TopUpStockAsync(stack);

        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await stack.PlaceAsync($"retry{i}@example.com", (1 + i % 10, 1)));
        }

        var statuses = await stack.WaitForFinalAsync(ids, seconds: 90);
        Assert.All(statuses.Values, s => Assert.Equal(OrderStatus.Confirmed, s));
    }

    [Fact]
    public async Task A_declined_payment_ends_in_PaymentFailed_and_releases_the_stock()
    {
        await using var stack = await OrderingStack.StartAsync();
        var stockBefore = await StockAsync(stack, 8);

        var id = await stack.PlaceAsync("decline.me@example.com", (8, 3));
        var statuses = await stack.WaitForFinalAsync([id]);

        Assert.Equal(OrderStatus.PaymentFailed, statuses[id]);
        Assert.Equal(stockBefore, await StockAsync(stack, 8));
        var order = await stack.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}", Ct);
        Assert.Equal(["Placed", "StockReserved", "PaymentFailed"],
            order.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Contains("not completed", Assert.Single(await WaitForMailAsync(id)));
    }

    [Fact]
    public async Task An_order_for_more_than_the_stock_is_rejected_and_the_stock_is_untouched()
    {
        await using var stack = await OrderingStack.StartAsync();
        await using (var db = stack.NewDbContext())
        {
            await db.CatalogItems.Where(i => i.Id == 9).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 2), Ct);
        }

        var id = await stack.PlaceAsync("greedy@example.com", (9, 3));

        Assert.Equal(OrderStatus.Rejected, (await stack.WaitForFinalAsync([id]))[id]);
        Assert.Equal(2, await StockAsync(stack, 9));
    }

    [Fact]
    public async Task Concurrent_orders_never_oversell_and_every_order_ends_final()
    {
        await using var stack = await OrderingStack.StartAsync();
        int[] items = [11, 12, 13, 14, 15];
        await using (var db = stack.NewDbContext())
        {
            await db.CatalogItems.Where(i => items.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 20), Ct);
        }

        // 200 orders, 40 per item, against 20 units per item.
        using var gate = new SemaphoreSlim(32);
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await gate.WaitAsync(Ct);
            try
            {
                return await stack.PlaceAsync($"rush{i}@example.com", (items[i % items.Length], 1));
            }
            finally
            {
                gate.Release();
            }
        }));

        var statuses = await stack.WaitForFinalAsync(ids, seconds: 120);
        await using var check = stack.NewDbContext();
        var confirmed = await check.Orders.Where(o => ids.Contains(o.Id) && o.Status == OrderStatus.Confirmed)
            .SelectMany(o => o.Lines).GroupBy(l => l.ItemId).ToDictionaryAsync(g => g.Key, g => g.Sum(l => l.Quantity), Ct);
        foreach (var item in items)
        {
            var stock = await StockAsync(stack, item);
            Assert.Equal(20, stock + confirmed.GetValueOrDefault(item));
            Assert.Equal(0, stock);
        }
        Assert.Equal(100, statuses.Values.Count(s => s == OrderStatus.Confirmed));
        Assert.Equal(100, statuses.Values.Count(s => s == OrderStatus.Rejected));
    }

    internal static async Task<int> StockAsync(OrderingStack stack, int itemId)
    {
        await using var db = stack.NewDbContext();
        return await db.CatalogItems.Where(i => i.Id == itemId).Select(i => i.Stock).SingleAsync(Ct);
    }

    internal static async Task TopUpStockAsync(OrderingStack stack)
    {
        await using var db = stack.NewDbContext();
        await db.CatalogItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 100_000), Ct);
    }

    /// <summary>Mail is sent after the final status, by another consumer: waits for the first .eml, returns all of them.</summary>
    internal static async Task<List<string>> WaitForMailAsync(Guid orderId)
    {
        for (var i = 0; i < 150; i++, await Task.Delay(200, Ct))
        {
            if (await MailAsync(orderId) is { Count: > 0 } mail)
            {
                return mail;
            }
        }
        return [];
    }

    /// <summary>Every .eml written for the order.</summary>
    internal static async Task<List<string>> MailAsync(Guid orderId)
    {
        var mail = new BlobServiceClient(TestServers.BlobConnectionString()).GetBlobContainerClient(BlobContainers.Mail);
        var contents = new List<string>();
        try
        {
            await foreach (var blob in mail.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: $"orders/{orderId}/", cancellationToken: Ct))
            {
                contents.Add((await mail.GetBlobClient(blob.Name).DownloadContentAsync(Ct)).Value.Content.ToString());
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // The Worker creates the container with the first e-mail.
        }
        return contents;
    }
}
