using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// Where a consumer's rate-limit state lives. The rate limiter middleware asks once per consumer
/// (and again after the consumer's limiter has been idle and dropped) for the limiter of that
/// consumer's partition. <see cref="InProcessRateLimitStore"/> keeps a token bucket in this process;
/// several gateways behind one address need one shared store instead (e.g. Redis, issue 16),
/// registered in its place: <c>services.AddSingleton&lt;IConsumerRateLimitStore, RedisRateLimitStore&gt;()</c>.
/// </summary>
public interface IConsumerRateLimitStore
{
    /// <summary>
    /// The limiter for <paramref name="consumerId"/>, at <see cref="Consumer.RatePerSecond"/> with bursts
    /// of <see cref="Consumer.Burst"/>; it must not queue (a refusal is answered at once) and should give
    /// <see cref="MetadataName.RetryAfter"/> on refusals.
    /// </summary>
    RateLimiter CreateLimiter(string consumerId, Consumer consumer);
}
