using StackExchange.Redis;

namespace Web.Ordering;

/// <summary>
/// Which order each checkout form placed, kept as long as the Api honours the form's key: the same form sent
/// again, at once or later, leads to that order instead of a second one or an empty cart.
/// </summary>
public sealed class PlacedCheckouts(IConnectionMultiplexer redis)
{
    private static RedisKey Key(Guid checkoutKey) => $"checkout:{checkoutKey}";

    public async Task<Guid?> FindAsync(Guid checkoutKey) =>
        await redis.GetDatabase().StringGetAsync(Key(checkoutKey)) is { IsNull: false } id && Guid.TryParse(id.ToString(), out var order)
            ? order : null;

    public Task RememberAsync(Guid checkoutKey, Guid orderId) =>
        redis.GetDatabase().StringSetAsync(Key(checkoutKey), orderId.ToString(), ResilienceExtensions.IdempotencyKeyLifetime);
}
