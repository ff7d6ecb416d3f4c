using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A fixed-window limiter whose counter lives in Redis, so every replica spends one budget: one atomic script
/// increments the window's counter and starts its expiry. A replica takes permits in chunks of 1% of the budget
/// (at least one), so a busy client costs one Redis round trip per chunk instead of per request; a budget under 200 is
/// counted exactly, a larger one may come up short by what other replicas hold unspent (under 1% each). When Redis
/// cannot answer, the request is let through (fail open), logged and counted in <c>ratelimiting.redis.fail_open</c>:
/// a rate limit must never take the site down.
/// </summary>
public sealed partial class RedisFixedWindowRateLimiter(
    IConnectionMultiplexer redis, string key, int permitLimit, TimeSpan window, ILogger logger) : RateLimiter
{
    public const string MeterName = "RateLimiting.Redis";
    private static readonly Meter _meter = new(MeterName);
    private static readonly Counter<long> _failOpen = _meter.CreateCounter<long>("ratelimiting.redis.fail_open", description: "Requests let through because Redis did not answer");

    private static readonly LuaScript _script = LuaScript.Prepare("""
        local n = redis.call('INCRBY', @key, @chunk)
        if redis.call('PTTL', @key) < 0 then redis.call('PEXPIRE', @key, @window) end
        return { n, redis.call('PTTL', @key) }
        """);

    private readonly long _chunk = Math.Max(1, permitLimit / 100);
    private readonly Lock _gate = new();
    private long _held;
    private DateTime _heldUntil;
    private DateTime _lastUsed = DateTime.UtcNow;

    public override TimeSpan? IdleDuration => DateTime.UtcNow - _lastUsed;

    public override RateLimiterStatistics? GetStatistics() => null;

    // Redis cannot answer synchronously: the ASP.NET Core middleware then asks AcquireAsync, which can.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var now = _lastUsed = DateTime.UtcNow;
        lock (_gate)
        {
            if (_held > 0 && now < _heldUntil)
            {
                _held--;
                return Lease.Granted;
            }
        }
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(_script,
                new { key = (RedisKey)key, chunk = _chunk, window = (long)window.TotalMilliseconds }))!;
            var ttl = TimeSpan.FromMilliseconds(Math.Max((long)result[1], 0));
            var granted = Math.Clamp(permitLimit - ((long)result[0] - _chunk), 0, _chunk);
            if (granted == 0)
            {
                return Lease.Rejected(ttl);
            }
            lock (_gate)
            {
                _held += granted - 1;
                _heldUntil = now + ttl;
            }
            return Lease.Granted;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            _failOpen.Add(1);
            LogFailOpen(logger, key, e.Message);
            return Lease.Granted;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit {Key} not checked, request let through: Redis did not answer ({Error})")]
    private static partial void LogFailOpen(ILogger logger, string key, string error);

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotYet = new(false, null);

        public static Lease Rejected(TimeSpan retryAfter) => new(false, retryAfter);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
