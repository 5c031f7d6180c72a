namespace DeAn06.Gateway.RateLimiting;

/// <summary>The <see cref="IConsumerRateLimitStore"/> a gateway uses (<c>RateLimiting:Store</c>).</summary>
public enum RateLimitStoreKind
{
    /// <summary>A token bucket per consumer in this process: each gateway counts alone.</summary>
    InProcess,

    /// <summary>A token bucket per consumer in Redis, shared by every gateway that uses the same Redis.</summary>
    Redis,
}
