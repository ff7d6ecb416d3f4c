using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Shop.Ordering;

namespace Shop.Tests.Ordering;

/// <summary>Accepting orders, without a Worker, so what the Api stored stays visible.</summary>
public sealed class OrderApiTests : IAsyncLifetime
{
    private OrderingStack _stack = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _stack = await OrderingStack.StartAsync(startWorker: false);

    public ValueTask DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task An_order_is_stored_with_its_outbox_message_and_key_and_answered_with_202()
    {
        using var response = await _stack.PostOrderAsync(OrderingStack.Body("ada@example.com", (1, 2), (2, 1)), "key-accept");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal("Placed", body.GetProperty("status").GetString());
        Assert.Equal($"/api/orders/{id}", response.Headers.Location!.ToString());
        await using var db = _stack.NewDbContext();
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.History).SingleAsync(o => o.Id == id, Ct);
        var prices = await db.CatalogItems.Where(i => i.Id <= 2).ToDictionaryAsync(i => i.Id, i => i.Price, Ct);
        Assert.Equal(OrderStatus.Placed, order.Status);
        Assert.Equal(prices[1] * 2 + prices[2], order.Total);
        Assert.Equal([prices[1], prices[2]], order.Lines.OrderBy(l => l.LineNo).Select(l => l.UnitPrice));
        Assert.Equal("Order accepted.", Assert.Single(order.History).Reason);
        var message = await db.OutboxMessages.SingleAsync(m => m.CorrelationId == id.ToString(), Ct);
        Assert.Equal(nameof(OrderPlaced), message.Type);
        Assert.Equal("orders", message.Queue);
        Assert.StartsWith("00-", message.TraceParent);
        Assert.True(await db.IdempotencyKeys.AnyAsync(k => k.Key == "key-accept", Ct));

        var read = await _stack.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{id}", Ct);
        Assert.Equal("Placed", read.GetProperty("status").GetString());
        Assert.Equal("Placed", read.GetProperty("history")[0].GetProperty("status").GetString());
        Assert.False(read.GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task The_same_key_and_body_returns_the_original_response_and_creates_nothing()
    {
        var body = OrderingStack.Body("grace@example.com", (3, 1));
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _stack.PostOrderAsync(body, "key-repeat")));

        var ids = new List<Guid>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid());
            response.Dispose();
        }
        Assert.Single(ids.Distinct());
        await using var db = _stack.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.Email == "grace@example.com", Ct));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.CorrelationId == ids[0].ToString(), Ct));
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_gets_422()
    {
        using var first = await _stack.PostOrderAsync(OrderingStack.Body("alan@example.com", (4, 1)), "key-mismatch");
        using var second = await _stack.PostOrderAsync(OrderingStack.Body("alan@example.com", (4, 2)), "key-mismatch");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        await using var db = _stack.NewDbContext();
        Assert.Equal(1, await db.Orders.CountAsync(o => o.Email == "alan@example.com", Ct));
    }

    [Fact]
    public async Task A_key_older_than_24_hours_has_expired_and_can_be_used_again()
    {
        using var first = await _stack.PostOrderAsync(OrderingStack.Body("edsger@example.com", (5, 1)), "key-expired");
        await using (var db = _stack.NewDbContext())
        {
            var record = await db.IdempotencyKeys.SingleAsync(k => k.Key == "key-expired", Ct);
            Assert.Equal(TimeSpan.FromHours(24), record.ExpiresAt - record.CreatedAt);
            await db.IdempotencyKeys.Where(k => k.Key == "key-expired")
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);
        }

        using var second = await _stack.PostOrderAsync(OrderingStack.Body("edsger@example.com", (5, 3)), "key-expired");

        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        await using var check = _stack.NewDbContext();
        Assert.Equal(2, await check.Orders.CountAsync(o => o.Email == "edsger@example.com", Ct));
    }

    public static TheoryData<string, string?, string> InvalidOrders => new()
    {
        { "no key", null, """{"email":"a@example.com","lines":[{"itemId":1,"quantity":1}]}""" },
        { "no lines", "k", """{"email":"a@example.com","lines":[]}""" },
        { "51 lines", "k", $$"""{"email":"a@example.com","lines":[{{string.Join(',', Enumerable.Repeat("""{"itemId":1,"quantity":1}""", 51))}}]}""" },
        { "quantity 0", "k", """{"email":"a@example.com","lines":[{"itemId":1,"quantity":0}]}""" },
        { "quantity 101", "k", """{"email":"a@example.com","lines":[{"itemId":1,"quantity":101}]}""" },
        { "unknown item", "k", """{"email":"a@example.com","lines":[{"itemId":999999,"quantity":1}]}""" },
        { "bad email", "k", """{"email":"not-an-address","lines":[{"itemId":1,"quantity":1}]}""" },
        { "email without domain", "k", """{"email":"a@localhost","lines":[{"itemId":1,"quantity":1}]}""" },
        { "no email", "k", """{"lines":[{"itemId":1,"quantity":1}]}""" },
        { "malformed JSON", "k", """{"email":"a@example.com","lines":[{"itemId":1,""" },
        { "wrong type", "k", """{"email":"a@example.com","lines":[{"itemId":"one","quantity":1}]}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task An_invalid_order_gets_400_and_nothing_is_stored(string name, string? key, string json)
    {
        await using var db = _stack.NewDbContext();
        var before = (await db.Orders.CountAsync(Ct), await db.OutboxMessages.CountAsync(Ct), await db.IdempotencyKeys.CountAsync(Ct));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Add(ResilienceExtensions.IdempotencyKeyHeader, key + "-" + name);
        }

        using var response = await _stack.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, (await db.Orders.CountAsync(Ct), await db.OutboxMessages.CountAsync(Ct), await db.IdempotencyKeys.CountAsync(Ct)));
    }

    [Fact]
    public async Task An_unknown_order_gets_404_problem_details()
    {
        using var response = await _stack.Client.GetAsync($"/api/orders/{Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}
