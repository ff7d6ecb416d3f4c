using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;

namespace Shop.Catalog;

/// <summary>
/// Cache-aside for catalog reads in Redis with short TTLs. Redis is an optimisation only: any Redis
/// failure is logged, counted, and the read falls through to PostgreSQL. Item reads also keep a copy in
/// process memory (FusionCache) for <see cref="LocalTtl"/>; every write evicts it on every replica through
/// FusionCache's Redis backplane, and if that message is lost the copy is never older than LocalTtl.
/// </summary>
public sealed partial class CatalogCache(IConnectionMultiplexer redis, IFusionCache local, IOptions<CatalogCacheOptions> options, ILogger<CatalogCache> logger)
{
    public static readonly TimeSpan ItemTtl = TimeSpan.FromSeconds(60);

    /// <summary>The staleness bound across replicas when the backplane is down; normally eviction takes milliseconds.</summary>
    public static readonly TimeSpan LocalTtl = TimeSpan.FromSeconds(5);

    // Filling the local copy on one replica must not evict the others' (FusionCache notifies on set by default);
    // only evictions go over the backplane.
    internal static readonly FusionCacheEntryOptions LocalEntry = new() { Duration = LocalTtl, SkipBackplaneNotifications = true };
    private static readonly FusionCacheEntryOptions _evictEverywhere = new() { SkipBackplaneNotifications = false };
    public static readonly TimeSpan SearchTtl = TimeSpan.FromSeconds(30);
    private const string GenerationKey = "catalog:gen";
    private static readonly Counter<long> _lookups = ShopTelemetry.Meter.CreateCounter<long>(
        "shop.catalog.cache.lookups", description: "Catalog cache lookups by result (hit, miss, error)");

    public static string ItemKey(int id) => $"catalog:item:{id}";

    /// <summary>Search pages are keyed under a generation that every admin write bumps, so one INCR drops them all.</summary>
    public async Task<string?> SearchKeyAsync(string? q, int page, int pageSize)
    {
        if (!options.Value.Enabled)
        {
            return null;
        }
        var generation = await TryAsync(db => db.StringGetAsync(GenerationKey));
        if (generation is null)
        {
            return null;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(q?.Trim().ToLowerInvariant() ?? "")))[..16];
        return $"catalog:search:{(generation.Value.IsNull ? "0" : generation.Value.ToString())}:{page}:{pageSize}:{hash}";
    }

    /// <summary>
    /// Returns the value as UTF-8 JSON. A hit is served as the bytes Redis holds, without a
    /// deserialise/serialise round trip (the profile showed it cost more than the Redis call).
    /// </summary>
    public async Task<(byte[]? Json, bool Hit)> GetOrLoadJsonAsync<T>(string? key, TimeSpan ttl, Func<Task<T?>> load, bool inProcess = false)
        where T : class
    {
        if (inProcess && key is not null && options.Value.Enabled)
        {
            var loaded = false;
            var json = await local.GetOrSetAsync<byte[]?>(key, async (_, _) =>
            {
                var (bytes, hit) = await GetOrLoadJsonAsync(key, ttl, load);
                loaded = !hit;
                return bytes;
            }, LocalEntry);
            return (json, !loaded);
        }
        if (!options.Value.Enabled)
        {
            key = null;
        }
        if (key is not null)
        {
            var cached = await TryAsync(db => db.StringGetAsync(key));
            if (cached is { IsNull: false } json)
            {
                _lookups.Add(1, new KeyValuePair<string, object?>("result", "hit"));
                return ((byte[]?)json, true);
            }
            if (cached is not null)
            {
                _lookups.Add(1, new KeyValuePair<string, object?>("result", "miss"));
            }
        }
        var value = await load();
        if (value is null)
        {
            return (null, false);
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.Web);
        if (key is not null)
        {
            await TryAsync(db => db.StringSetAsync(key, bytes, ttl));
        }
        return (bytes, false);
    }

    /// <summary>Called after every admin write. If Redis is down, entries expire by TTL instead.</summary>
    public async Task InvalidateAsync(int id)
    {
        await TryAsync(db => db.KeyDeleteAsync(ItemKey(id)));
        await local.RemoveAsync(ItemKey(id), _evictEverywhere);
        await TryAsync(db => db.StringIncrementAsync(GenerationKey));
    }

    /// <summary>
    /// Called by the Worker after an order takes or gives back stock, so item pages show it at once.
    /// Search pages keep their short TTL: dropping them on every order would empty that cache under load.
    /// </summary>
    public async Task ForgetItemsAsync(IEnumerable<int> ids)
    {
        var keys = ids.Select(id => (RedisKey)ItemKey(id)).ToArray();
        if (options.Value.Enabled && keys.Length > 0)
        {
            await TryAsync(db => db.KeyDeleteAsync(keys));
            foreach (var key in keys)
            {
                await local.RemoveAsync(key.ToString(), _evictEverywhere);
            }
        }
    }

    private async Task<TResult?> TryAsync<TResult>(Func<IDatabase, Task<TResult>> command) where TResult : struct
    {
        try
        {
            return await command(redis.GetDatabase()).WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _lookups.Add(1, new KeyValuePair<string, object?>("result", "error"));
            LogRedisFailure(logger, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catalog cache unavailable, reading from PostgreSQL: {Error}")]
    private static partial void LogRedisFailure(ILogger logger, string error);
}

public static class CatalogCacheRegistration
{
    /// <summary>The Api reads through the cache; the Worker drops items whose stock or image it changed.</summary>
    public static IServiceCollection AddCatalogCache(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CatalogCache)))
        {
            return services; // both the order and the image pipelines need it
        }
        services.AddOptions<CatalogCacheOptions>().BindConfiguration(CatalogCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CatalogCache>();
        // Memory only, plus the backplane: Redis already holds the shared copy (as plain JSON, read by the code above).
        services.AddFusionCache().WithDefaultEntryOptions(CatalogCache.LocalEntry).WithBackplane(sp => new RedisBackplane(
            Options.Create(new RedisBackplaneOptions { ConnectionMultiplexerFactory = () => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>()) }),
            sp.GetRequiredService<ILogger<RedisBackplane>>()));
        return services;
    }
}

/// <summary>Section <c>CatalogCache</c>. Disabling it is for measuring the uncached path (bench/catalog.sh).</summary>
public sealed class CatalogCacheOptions
{
    public const string Section = "CatalogCache";
    public bool Enabled { get; set; } = true;
}
