using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;
using Microsoft.AspNetCore.RateLimiting;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// The rate limiter policy every proxied route names (<c>ReverseProxy:Routes:&lt;id&gt;:RateLimiterPolicy</c>:
/// <see cref="Name"/>): partitioned by the authenticated consumer's id, each partition limited by
/// <see cref="ConsumerLimiter.CreateLimiter"/>. Runs after authorization, so every request it sees has a consumer.
/// </summary>
internal sealed class ConsumerRateLimiterPolicy(ConsumerLimiter limiter) : IRateLimiterPolicy<string>
{
    public const string Name = "consumer";

    private static readonly RateLimitPartition<string> Unidentified = RateLimitPartition.GetNoLimiter("");

    // One delegate for every request: a partition is a key and this factory, nothing allocated.
    private readonly Func<string, RateLimiter> _create = limiter.CreateLimiter;

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null; // the options' handler answers every refusal

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        httpContext.Consumer() is { } consumer ? new RateLimitPartition<string>(consumer.ConsumerId, _create) : Unidentified;
}
