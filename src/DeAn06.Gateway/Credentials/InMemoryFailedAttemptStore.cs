using System.Collections.Concurrent;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// A token bucket of failures per key, in memory. Written here rather than on
/// System.Threading.RateLimiting because its limiters read the machine's clock (Stopwatch) and cannot
/// take a TimeProvider. Only keys with failures have a bucket; buckets that have filled up again are
/// dropped once there are many, so keys an attacker makes up (each cost a secret check) do not pile up.
/// </summary>
internal sealed class InMemoryFailedAttemptStore(TimeProvider time) : IFailedAttemptStore
{
    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public ValueTask<TimeSpan?> RetryAfterAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_buckets.TryGetValue(key, out Bucket? bucket) ? bucket.RetryAfter(time.GetUtcNow()) : null);

    public ValueTask RecordFailureAsync(string key, FailureBudget budget, CancellationToken cancellationToken)
    {
        if (_buckets.Count > PruneAbove)
        {
            Prune();
        }

        _buckets.GetOrAdd(key, _ => new Bucket(budget, time.GetUtcNow())).Take(time.GetUtcNow());
        return ValueTask.CompletedTask;
    }

    private void Prune()
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull(now))
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    /// <summary>
    /// One key's failures left, under the budget it was made with, counted exactly in integers: one
    /// failure is worth Window.Ticks credit, and every tick that passes earns Failures credit back.
    /// </summary>
    private sealed class Bucket(FailureBudget budget, DateTimeOffset created)
    {
        private readonly Lock _gate = new();
        private readonly long _perFailure = budget.Window.Ticks;
        private readonly long _full = budget.Failures * budget.Window.Ticks;
        private long _credit = budget.Failures * budget.Window.Ticks;
        private DateTimeOffset _updated = created;

        public TimeSpan? RetryAfter(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                if (_credit >= _perFailure)
                {
                    return null;
                }

                // Until one whole failure has been earned back; at least a second for Retry-After.
                long ticks = (_perFailure - _credit + budget.Failures - 1) / budget.Failures;
                return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(TimeSpan.FromTicks(ticks).TotalSeconds)));
            }
        }

        public void Take(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                // Tries already past the check when the budget ran out still count, but do not push
                // the wait beyond one failure's worth.
                _credit = Math.Max(0, _credit - _perFailure);
            }
        }

        public bool IsFull(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                return _credit >= _full;
            }
        }

        private void Refill(DateTimeOffset now)
        {
            if (now > _updated)
            {
                long elapsed = Math.Min((now - _updated).Ticks, budget.Window.Ticks);
                _credit = Math.Min(_full, _credit + (elapsed * budget.Failures));
                _updated = now;
            }
        }
    }
}
