extern alias ApiHost;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using Shop.Catalog;
using Shop.Tests.Infrastructure;

namespace Shop.Tests.Catalog;

/// <summary>Two Api replicas, each with its own in-process copy of item reads, over one database and one Redis.</summary>
public sealed class CatalogReplicaTests(CatalogFixture fx) : IClassFixture<CatalogFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_on_one_replica_reaches_the_others_copy_well_within_its_lifetime()
    {
        var settings = Settings.For(fx.Database.ConnectionString, fx.Redis.ConnectionString);
        await using var other = new HostFactory<ApiHost::Program>(settings);
        using var reader = other.CreateClient();
        var before = (await reader.GetFromJsonAsync<Item>("/api/catalog/items/7", Ct))!;
        using (var again = await reader.GetAsync("/api/catalog/items/7", Ct))
        {
            Assert.Equal("HIT", again.Headers.GetValues("X-Cache").Single()); // the other replica now holds its own copy
        }

        using var writer = fx.Client();
        writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CatalogFixture.AdminToken);
        using var put = await writer.PutAsJsonAsync("/api/catalog/items/7",
            new { name = before.Name + " (new)", description = before.Description, price = before.Price, stock = before.Stock, version = before.Version }, Ct);
        put.EnsureSuccessStatusCode();

        // The backplane evicts at once; half the copy's lifetime tells that apart from the copy merely expiring.
        var deadline = DateTime.UtcNow + CatalogCache.LocalTtl / 2;
        string name;
        do
        {
            name = (await reader.GetFromJsonAsync<Item>("/api/catalog/items/7", Ct))!.Name;
        }
        while (name == before.Name && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(before.Name + " (new)", name);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(50, Ct);
        return true;
    }

    private sealed record Item(int Id, string Name, string Description, decimal Price, int Stock, uint Version);
}
