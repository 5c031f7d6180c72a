namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// Connects to Redis while the gateway starts (hosted services start before Kestrel listens), so the
/// first requests are counted in Redis rather than in the fallback buckets while a connection is made.
/// Nothing for the in-process store. Not connected after the connect timeout: the gateway starts anyway
/// (fail-open), and the client keeps reconnecting in the background.
/// </summary>
internal sealed class RateLimitStoreWarmUp(IConsumerRateLimitStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is RedisRateLimitStore redis)
        {
            _ = redis.IsConnected;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
