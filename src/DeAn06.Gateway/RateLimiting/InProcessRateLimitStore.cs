using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>A token bucket per consumer, in this process (each gateway counts alone).</summary>
internal sealed class InProcessRateLimitStore : IConsumerRateLimitStore
{
    public RateLimiter CreateLimiter(string consumerId, Consumer consumer) => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = consumer.Burst,
        // Refill every 100 ms (one token per 1/rate s below 10/s, so slow rates are not rounded up).
        TokensPerPeriod = consumer.RatePerSecond >= 10 ? (int)Math.Round(consumer.RatePerSecond / 10.0) : 1,
        ReplenishmentPeriod = consumer.RatePerSecond >= 10 ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1.0 / consumer.RatePerSecond),
        QueueLimit = 0,
        AutoReplenishment = true,
    });
}
