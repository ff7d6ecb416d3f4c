using System.Net.Http.Json;
using System.Text.Json;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Ordering;

/// <summary>The Worker drops the cached items whose stock an order changed, so the item page is not stale for a TTL.</summary>
public sealed class OrderStockCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cached_item_shows_the_stock_an_order_took_as_soon_as_the_order_is_final()
    {
        // Its own Redis: the cache keys are per item id, and other stacks' items share those ids.
        await using var redis = new OwnRedis();
        await redis.StartAsync();
        await using var stack = await OrderingStack.StartAsync(
            api: s => s["ConnectionStrings:cache"] = redis.ConnectionString,
            worker: s => s["ConnectionStrings:cache"] = redis.ConnectionString);
        var (before, _) = await ReadItemAsync(stack, 12);
        var (_, cache) = await ReadItemAsync(stack, 12);
        Assert.Equal("HIT", cache);

        var id = await stack.PlaceAsync("stock@example.com", (12, 3));
        await stack.WaitForFinalAsync([id]);

        var (after, afterCache) = await ReadItemAsync(stack, 12);
        Assert.Equal("MISS", afterCache);
        Assert.Equal(before - 3, after);
    }

    private static async Task<(int Stock, string Cache)> ReadItemAsync(OrderingStack stack, int id)
    {
        using var response = await stack.Client.GetAsync($"/api/catalog/items/{id}", Ct);
        response.EnsureSuccessStatusCode();
        var item = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (item.GetProperty("stock").GetInt32(), response.Headers.GetValues("X-Cache").Single());
    }
}
