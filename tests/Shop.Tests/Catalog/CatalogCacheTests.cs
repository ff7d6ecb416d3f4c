using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Shop.Tests.Catalog;

/// <summary>Cache-aside against the fixture's own real Redis.</summary>
public sealed class CatalogCacheTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_second_read_comes_from_redis()
    {
        using var first = await fx.Client().GetAsync("/api/catalog/items/10", Ct);
        using var second = await fx.Client().GetAsync("/api/catalog/items/10", Ct);
        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("HIT", second.Headers.GetValues("X-Cache").Single());

        // Proof that Redis holds it: the key exists, and a change made behind the cache's back is not seen.
        using var redis = await ConnectionMultiplexer.ConnectAsync(fx.Redis.ConnectionString);
        Assert.True(await redis.GetDatabase().KeyExistsAsync("catalog:item:10"));
        await using (var db = fx.NewDbContext())
        {
            await db.CatalogItems.Where(i => i.Id == 10).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 4242), Ct);
        }
        var cached = await fx.Client().GetFromJsonAsync<Item>("/api/catalog/items/10", Ct);
        Assert.NotEqual(4242, cached!.Stock);
    }

    [Fact]
    public async Task Search_pages_are_cached_too()
    {
        using var first = await fx.Client().GetAsync("/api/catalog/items?q=tent&page=1&pageSize=5", Ct);
        using var second = await fx.Client().GetAsync("/api/catalog/items?q=tent&page=1&pageSize=5", Ct);
        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("HIT", second.Headers.GetValues("X-Cache").Single());
    }

    [Fact]
    public async Task Items_live_60_s_in_Redis_search_pages_30_s_and_the_process_keeps_its_copy_at_most_5_s()
    {
        using var item = await fx.Client().GetAsync("/api/catalog/items/77", Ct);
        using var search = await fx.Client().GetAsync("/api/catalog/items?q=lantern&page=1&pageSize=7", Ct);
        Assert.Equal(("MISS", "MISS"), (item.Headers.GetValues("X-Cache").Single(), search.Headers.GetValues("X-Cache").Single()));

        using var redis = await ConnectionMultiplexer.ConnectAsync(fx.Redis.ConnectionString);
        var cache = redis.GetDatabase();
        Assert.InRange((await cache.KeyTimeToLiveAsync("catalog:item:77"))!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("lantern"u8))[..16];
        var searchKey = Assert.Single(redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: $"catalog:search:*:1:7:{hash}"));
        Assert.InRange((await cache.KeyTimeToLiveAsync(searchKey))!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));

        // Behind both caches' backs: the process's own copy still answers, then expires by its 5 s TTL.
        await using (var db = fx.NewDbContext())
        {
            await db.CatalogItems.Where(i => i.Id == 77).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 7777), Ct);
        }
        await cache.KeyDeleteAsync("catalog:item:77");
        Assert.NotEqual(7777, (await fx.Client().GetFromJsonAsync<Item>("/api/catalog/items/77", Ct))!.Stock);
        await Task.Delay(Shop.Catalog.CatalogCache.LocalTtl + TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(7777, (await fx.Client().GetFromJsonAsync<Item>("/api/catalog/items/77", Ct))!.Stock);
    }

    [Fact]
    public async Task An_admin_update_invalidates_the_item_and_search_pages()
    {
        var item = (await fx.Client().GetFromJsonAsync<Item>("/api/catalog/items/20", Ct))!;
        await fx.Client().GetAsync("/api/catalog/items?q=ember", Ct);

        using var put = await fx.AdminClient().PutAsJsonAsync("/api/catalog/items/20",
            new { name = "Ember Cooking Stove", description = item.Description, price = item.Price, stock = item.Stock, version = item.Version }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var read = await fx.Client().GetAsync("/api/catalog/items/20", Ct);
        Assert.Equal("MISS", read.Headers.GetValues("X-Cache").Single());
        Assert.Equal("Ember Cooking Stove", (await read.Content.ReadFromJsonAsync<Item>(Ct))!.Name);
        var search = await fx.Client().GetFromJsonAsync<Page>("/api/catalog/items?q=ember", Ct);
        Assert.Contains(search!.Items, i => i.Id == 20);
    }
}

/// <summary>Redis is only an optimisation: with it stopped, reads still succeed from PostgreSQL.</summary>
public sealed class CatalogWithoutRedisTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    [Fact]
    public async Task Reads_succeed_while_redis_is_down()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await fx.Client().GetAsync("/api/catalog/items/5", ct)).StatusCode);
        await fx.Redis.StopAsync();

        using var remembered = await fx.Client().GetAsync("/api/catalog/items/5", ct);
        using var item = await fx.Client().GetAsync("/api/catalog/items/6", ct);
        using var page = await fx.Client().GetAsync("/api/catalog/items?q=boots", ct);
        using var health = await fx.Client().GetAsync("/health", ct);

        // The process's own copy still answers within its few seconds; anything else comes from PostgreSQL.
        Assert.Equal((HttpStatusCode.OK, "HIT"), (remembered.StatusCode, remembered.Headers.GetValues("X-Cache").Single()));
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Equal("MISS", item.Headers.GetValues("X-Cache").Single());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }
}
