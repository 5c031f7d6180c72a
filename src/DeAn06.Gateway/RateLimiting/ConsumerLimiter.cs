using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using DeAn06.Gateway.Access;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// A token bucket per consumer (rate and burst from the registry) plus one concurrency limit over all
/// of them, so one consumer's burst cannot starve the others and the platform sheds load with 429
/// instead of falling over. Counts what it refuses, per consumer.
/// </summary>
public sealed class ConsumerLimiter(IOptions<GatewayOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrencyLimiter _global = new(new ConcurrencyLimiterOptions { PermitLimit = options.Value.GlobalConcurrency, QueueLimit = 0 });
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);

    /// <summary>Requests refused so far, by client id ("*" for the global limit).</summary>
    public IReadOnlyDictionary<string, long> Rejected => _rejected;

    internal LimiterLease Acquire(string clientId, Consumer consumer)
    {
        TokenBucketRateLimiter bucket = _buckets.GetOrAdd(clientId, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = consumer.Burst,
            // Refill every 100 ms (one token per 1/rate s below 10/s, so slow rates are not rounded up).
            TokensPerPeriod = consumer.RatePerSecond >= 10 ? (int)Math.Round(consumer.RatePerSecond / 10.0) : 1,
            ReplenishmentPeriod = consumer.RatePerSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1.0 / consumer.RatePerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
        RateLimitLease own = bucket.AttemptAcquire();
        if (!own.IsAcquired)
        {
            _rejected.AddOrUpdate(clientId, 1, (_, n) => n + 1);
            TimeSpan wait = own.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : TimeSpan.FromSeconds(1);
            own.Dispose();
            return new LimiterLease(null, null, wait, Global: false);
        }

        RateLimitLease global = _global.AttemptAcquire();
        if (!global.IsAcquired)
        {
            _rejected.AddOrUpdate("*", 1, (_, n) => n + 1);
            global.Dispose();
            own.Dispose();
            return new LimiterLease(null, null, TimeSpan.FromSeconds(1), Global: true);
        }

        return new LimiterLease(own, global, TimeSpan.Zero, Global: false);
    }

    public void Dispose()
    {
        foreach (TokenBucketRateLimiter bucket in _buckets.Values)
        {
            bucket.Dispose();
        }

        _global.Dispose();
    }
}

/// <summary>Both permits of one request, released when the request ends.</summary>
internal sealed record LimiterLease(RateLimitLease? Own, RateLimitLease? GlobalPermit, TimeSpan RetryAfter, bool Global) : IDisposable
{
    public bool Acquired => Own is not null;

    public void Dispose()
    {
        Own?.Dispose();
        GlobalPermit?.Dispose();
    }
}
