using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// The consumers' token buckets in Redis, so a consumer's limit holds across every gateway that shares
/// the Redis (issue 16; Kong keeps its cluster-wide limits the same way). One Lua script per request
/// (<see cref="RedisTokenBucketScript"/>): refill by the time elapsed on Redis's clock, take, answer —
/// one round trip, atomic, with no clock shared between gateways.
/// <para>
/// When Redis cannot be reached the gateway fails <b>open to its own bucket</b>: each request is then
/// limited by an in-process token bucket at the consumer's rate (as on one machine), so each gateway
/// still refuses a flood, but the cluster as a whole admits up to N × the rate for N gateways until
/// Redis answers again (docs/cluster.md). Refusing every request while Redis is down (fail-closed)
/// would turn a cache outage into a platform outage; admitting all without limit would leave the
/// services unprotected.
/// </para>
/// The hand-written script rather than RedisRateLimiting's limiter: that package throws when Redis is
/// unreachable and gives no hook to fall back, which is the behaviour this store must decide.
/// </summary>
internal sealed partial class RedisRateLimitStore : IConsumerRateLimitStore, IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _redis;
    private readonly InProcessRateLimitStore _fallback = new();
    private readonly ILogger<RedisRateLimitStore> _log;
    private readonly string _prefix;
    private int _degraded;

    public RedisRateLimitStore(IOptions<RateLimitStoreOptions> options, ILogger<RedisRateLimitStore> log)
    {
        _log = log;
        _prefix = options.Value.KeyPrefix;
        ConfigurationOptions config = ConfigurationOptions.Parse(options.Value.ConnectionString!);
        // Never wait for a connection at start-up, and never queue commands while disconnected: a
        // request must be answered from the fallback bucket at once, not after a timeout.
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        _redis = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(config), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the connection to Redis is up now.</summary>
    public bool IsConnected => _redis.Value.IsConnected;

    /// <summary>Requests answered by the in-process fallback because Redis could not be reached.</summary>
    public long FallbackCount => Interlocked.Read(ref _fallbackCount);

    private long _fallbackCount;

    public RateLimiter CreateLimiter(string consumerId, Consumer consumer) =>
        new RedisTokenBucketLimiter(this, _prefix + consumerId, consumer, _fallback.CreateLimiter(consumerId, consumer));

    /// <summary>One bucket's take: true/false and how long until enough tokens; null when Redis cannot answer now.</summary>
    internal async ValueTask<(bool Allowed, TimeSpan Wait)?> TryTakeAsync(string key, Consumer consumer, int permits)
    {
        ConnectionMultiplexer redis = _redis.Value;
        if (redis.IsConnected)
        {
            try
            {
                RedisResult result = await redis.GetDatabase().ScriptEvaluateAsync(RedisTokenBucketScript.Text, [key],
                    [consumer.RatePerSecond, consumer.Burst, permits]);
                var values = (RedisResult[])result!;
                if (Interlocked.Exchange(ref _degraded, 0) == 1)
                {
                    LogRedisBack(_log);
                }

                return ((long)values[0] == 1, TimeSpan.FromMicroseconds((long)values[1]));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Degraded(ex);
                return null;
            }
        }

        Degraded(null);
        return null;
    }

    private void Degraded(Exception? ex)
    {
        Interlocked.Increment(ref _fallbackCount);
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogRedisDown(_log, ex);
        }
    }

    public void Dispose()
    {
        if (_redis.IsValueCreated)
        {
            _redis.Value.Dispose();
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Redis is unreachable: rate limits fall back to this gateway's own buckets until it answers")]
    private static partial void LogRedisDown(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Redis answers again: rate limits are shared across the gateways again")]
    private static partial void LogRedisBack(ILogger logger);
}
