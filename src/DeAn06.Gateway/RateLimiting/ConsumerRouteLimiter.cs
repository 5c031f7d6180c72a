using System.Threading.RateLimiting;
using DeAn06.Gateway.Errors;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>
/// One consumer's limiter behind the shared global one: a global permit first (refused: reason
/// <c>OVERLOADED</c>, retry after 1 s), then the consumer's own (refused: its Retry-After). Disposing it
/// (when the middleware drops an idle partition) disposes only the consumer's own limiter.
/// </summary>
internal sealed class ConsumerRouteLimiter(RateLimiter own, RateLimiter global) : RateLimiter
{
    public override TimeSpan? IdleDuration => own.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => own.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        RateLimitLease globalLease = global.AttemptAcquire(permitCount);
        return globalLease.IsAcquired ? Combine(globalLease, own.AttemptAcquire(permitCount)) : Refused.Overloaded(globalLease);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        RateLimitLease globalLease = global.AttemptAcquire(permitCount);
        return globalLease.IsAcquired ? Combine(globalLease, await own.AcquireAsync(permitCount, cancellationToken)) : Refused.Overloaded(globalLease);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            own.Dispose();
        }

        base.Dispose(disposing);
    }

    private static RateLimitLease Combine(RateLimitLease globalLease, RateLimitLease ownLease)
    {
        if (ownLease.IsAcquired)
        {
            return new Both(globalLease, ownLease);
        }

        globalLease.Dispose();
        TimeSpan wait = ownLease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan after) ? after : TimeSpan.FromSeconds(1);
        ownLease.Dispose();
        return new Refused(ErrorCode.RateLimited, wait);
    }

    /// <summary>Both permits, released together when the request ends.</summary>
    private sealed class Both(RateLimitLease globalLease, RateLimitLease ownLease) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                ownLease.Dispose();
                globalLease.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A refusal, saying which limit refused (<see cref="MetadataName.ReasonPhrase"/>: an error code) and for how long.</summary>
    private sealed class Refused(string reason, TimeSpan retryAfter) : RateLimitLease
    {
        private static readonly Refused Global = new(ErrorCode.Overloaded, TimeSpan.FromSeconds(1));

        public static Refused Overloaded(RateLimitLease globalLease)
        {
            globalLease.Dispose();
            return Global;
        }

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.ReasonPhrase.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.ReasonPhrase.Name ? reason : metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
