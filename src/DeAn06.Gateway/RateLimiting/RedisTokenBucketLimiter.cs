using System.Diagnostics;
using System.Threading.RateLimiting;
using DeAn06.Gateway.Consumers;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// One consumer's limiter over <see cref="RedisRateLimitStore"/>. The rate limiter middleware tries
/// <see cref="RateLimiter.AttemptAcquire"/> first and then <see cref="RateLimiter.AcquireAsync"/>: the
/// synchronous try answers "not yet" without I/O, so the one Redis round trip happens in the async
/// call. When Redis cannot answer, the consumer's in-process bucket decides (fail-open to per-node limits).
/// </summary>
internal sealed class RedisTokenBucketLimiter(RedisRateLimitStore store, string key, Consumer consumer, RateLimiter fallback) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? Lease.Taken : Lease.NotTried;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (permitCount == 0)
        {
            return Lease.Taken;
        }

        return await store.TryTakeAsync(key, consumer, permitCount) switch
        {
            { Allowed: true } => Lease.Taken,
            { } refused => new Lease(false, refused.Wait),
            null => fallback.AttemptAcquire(permitCount),
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fallback.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Taken = new(true, null);

        /// <summary>Not refused, not yet asked: the middleware goes on to <see cref="RateLimiter.AcquireAsync"/>.</summary>
        public static readonly Lease NotTried = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
