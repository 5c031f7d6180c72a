using System.Collections.Concurrent;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// A token bucket of failures per key, in memory. Written here rather than on
/// System.Threading.RateLimiting because its limiters read the machine's clock (Stopwatch) and cannot
/// take a TimeProvider, and cannot go below empty. Only keys with failures or reservations have a
/// bucket; buckets that have filled up again and have no failure within the window are dropped once
/// there are many, so keys an attacker makes up (each cost a secret check) do not pile up.
/// </summary>
internal sealed class InMemoryFailedAttemptStore(TimeProvider time) : IFailedAttemptStore
{
    private const int PruneAbove = 100_000;

    // At most one sweep a minute: during a flood of made-up keys every bucket is dirty, and sweeping
    // them all on each call would make every sign-in pay for the flood.
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _nextPruneTicks;
    private int _prunes;

    /// <summary>Sweeps run so far (tests).</summary>
    internal int Prunes => Volatile.Read(ref _prunes);

    public ValueTask<bool> HasFailuresAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_buckets.TryGetValue(key, out Bucket? bucket) && !bucket.IsClean(time.GetUtcNow()));

    public ValueTask<TimeSpan?> TryReserveAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        ValueTask.FromResult(BucketOf(key, budget).TryReserve(time.GetUtcNow()));

    public ValueTask ReleaseAsync(string key, FailureBudget budget, CancellationToken cancellationToken)
    {
        if (_buckets.TryGetValue(key, out Bucket? bucket))
        {
            bucket.Release(time.GetUtcNow());
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RecordFailureAsync(string key, FailureBudget budget, bool reserved, CancellationToken cancellationToken)
    {
        BucketOf(key, budget).RecordFailure(time.GetUtcNow(), reserved);
        return ValueTask.CompletedTask;
    }

    private Bucket BucketOf(string key, FailureBudget budget)
    {
        if (_buckets.Count > PruneAbove)
        {
            long now = time.GetUtcNow().UtcTicks;
            long next = Interlocked.Read(ref _nextPruneTicks);
            if (now >= next && Interlocked.CompareExchange(ref _nextPruneTicks, now + PruneEvery.Ticks, next) == next)
            {
                Interlocked.Increment(ref _prunes);
                Prune();
            }
        }

        return _buckets.GetOrAdd(key, _ => new Bucket(budget, time.GetUtcNow()));
    }

    private void Prune()
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsClean(now))
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    /// <summary>
    /// One key's failures left, under the budget it was made with, counted exactly in integers: one
    /// failure is worth Window.Ticks credit, and every tick that passes earns Failures credit back.
    /// Credit goes below zero for failures past the budget, down to minus a whole budget, so the wait
    /// after a burst is at most the window plus one failure's worth.
    /// </summary>
    private sealed class Bucket(FailureBudget budget, DateTimeOffset created)
    {
        private readonly Lock _gate = new();
        private readonly long _perFailure = budget.Window.Ticks;
        private readonly long _full = budget.Failures * budget.Window.Ticks;
        private long _credit = budget.Failures * budget.Window.Ticks;
        private DateTimeOffset _updated = created;
        private DateTimeOffset? _lastFailure;

        public TimeSpan? TryReserve(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                if (_credit >= _perFailure)
                {
                    _credit -= _perFailure;
                    return null;
                }

                // Until one whole failure has been earned back; at least a second for Retry-After.
                long ticks = (_perFailure - _credit + budget.Failures - 1) / budget.Failures;
                return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(TimeSpan.FromTicks(ticks).TotalSeconds)));
            }
        }

        public void Release(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                _credit = Math.Min(_full, _credit + _perFailure);
            }
        }

        public void RecordFailure(DateTimeOffset now, bool reserved)
        {
            lock (_gate)
            {
                Refill(now);
                if (!reserved)
                {
                    _credit = Math.Max(-_full, _credit - _perFailure);
                }

                _lastFailure = now;
            }
        }

        /// <summary>Full again and no failure within the window.</summary>
        public bool IsClean(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                return _credit >= _full && (_lastFailure is not { } last || now - last >= budget.Window);
            }
        }

        private void Refill(DateTimeOffset now)
        {
            if (now > _updated)
            {
                // From minus a whole budget to full takes two windows.
                long elapsed = Math.Min((now - _updated).Ticks, 2 * budget.Window.Ticks);
                _credit = Math.Min(_full, _credit + (elapsed * budget.Failures));
                _updated = now;
            }
        }
    }
}
