using StackExchange.Redis;

namespace Web.Cart;

public sealed record CartLine(int ItemId, int Quantity);

/// <summary>
/// The cart is a Redis hash (item id → quantity) under an opaque id, kept 30 days after last use.
/// Nothing about it lives in a Web process, so restarts and replicas share it.
/// </summary>
public sealed class CartStore(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    public const int MaxQuantity = 100;

    private static RedisKey Key(string cartId) => $"cart:{cartId}";

    public async Task<IReadOnlyList<CartLine>> GetAsync(string cartId)
    {
        var db = redis.GetDatabase();
        var entries = await db.HashGetAllAsync(Key(cartId));
        await db.KeyExpireAsync(Key(cartId), Lifetime);
        return [.. entries.Select(e => new CartLine((int)e.Name, (int)e.Value)).Where(l => l.Quantity > 0).OrderBy(l => l.ItemId)];
    }

    /// <summary>Adds to the line, which never holds more than <paramref name="limit"/> (what is in stock) or MaxQuantity; false when it was capped.</summary>
    public async Task<bool> AddAsync(string cartId, int itemId, int quantity, int limit = MaxQuantity)
    {
        var db = redis.GetDatabase();
        var cap = Math.Min(limit, MaxQuantity);
        var total = await db.HashIncrementAsync(Key(cartId), itemId, quantity);
        if (total > cap)
        {
            await db.HashSetAsync(Key(cartId), itemId, cap);
        }
        await db.KeyExpireAsync(Key(cartId), Lifetime);
        return total <= cap;
    }

    /// <summary>Raises the line to at least <paramref name="quantity"/>: doing it twice is doing it once.</summary>
    public async Task EnsureAtLeastAsync(string cartId, int itemId, int quantity)
    {
        var db = redis.GetDatabase();
        var current = await db.HashGetAsync(Key(cartId), itemId);
        if (current.IsNull || (int)current < quantity)
        {
            await db.HashSetAsync(Key(cartId), itemId, Math.Min(quantity, MaxQuantity));
        }
        await db.KeyExpireAsync(Key(cartId), Lifetime);
    }

    /// <summary>Changes or (with 0) removes a line already in the cart; false when there is no such line.</summary>
    public async Task<bool> UpdateAsync(string cartId, int itemId, int quantity)
    {
        var db = redis.GetDatabase();
        bool changed;
        if (quantity <= 0)
        {
            changed = await db.HashDeleteAsync(Key(cartId), itemId);
        }
        else
        {
            // Only lines the shopper added through AddAsync exist; an update never invents one.
            changed = await db.HashExistsAsync(Key(cartId), itemId);
            if (changed)
            {
                await db.HashSetAsync(Key(cartId), itemId, Math.Min(quantity, MaxQuantity));
            }
        }
        await db.KeyExpireAsync(Key(cartId), Lifetime);
        return changed;
    }

    /// <summary>How many pieces the cart holds, for the header; 0 when Redis cannot say (the page still renders).</summary>
    public async Task<int> CountAsync(string cartId)
    {
        try
        {
            var quantities = await redis.GetDatabase().HashValuesAsync(Key(cartId));
            return quantities.Sum(q => Math.Max(0, (int)q));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return 0;
        }
    }

    public Task ClearAsync(string cartId) => redis.GetDatabase().KeyDeleteAsync(Key(cartId));
}
