using System.Collections.Concurrent;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// A token bucket of failures per key, in memory. Written here rather than on
/// System.Threading.RateLimiting because its limiters read the machine's clock (Stopwatch) and cannot
/// take a TimeProvider, and "take now, give back on success" needs a refund they do not offer.
/// Buckets that have filled up again are dropped once there are many, so keys an attacker makes up
/// (each of which cost a secret check) do not pile up.
/// </summary>
internal sealed class InMemoryFailedAttemptStore(TimeProvider time) : IFailedAttemptStore
{
    private const int PruneAbove = 100_000;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public ValueTask<TimeSpan?> TryTakeAsync(string key, FailureBudget budget, CancellationToken cancellationToken)
    {
        if (_buckets.Count > PruneAbove)
        {
            Prune();
        }

        Bucket bucket = _buckets.GetOrAdd(key, _ => new Bucket(budget, time.GetUtcNow()));
        return ValueTask.FromResult(bucket.TryTake(time.GetUtcNow()));
    }

    public ValueTask GiveBackAsync(string key, FailureBudget budget, CancellationToken cancellationToken)
    {
        if (_buckets.TryGetValue(key, out Bucket? bucket))
        {
            bucket.GiveBack(time.GetUtcNow());
        }

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
    /// One key's attempts left, under the budget it was made with, counted exactly in integers: one
    /// attempt is worth Window.Ticks credit, and every tick that passes earns Failures credit back.
    /// </summary>
    private sealed class Bucket(FailureBudget budget, DateTimeOffset created)
    {
        private readonly Lock _gate = new();
        private readonly long _perAttempt = budget.Window.Ticks;
        private readonly long _full = budget.Failures * budget.Window.Ticks;
        private long _credit = budget.Failures * budget.Window.Ticks;
        private DateTimeOffset _updated = created;

        public TimeSpan? TryTake(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                if (_credit >= _perAttempt)
                {
                    _credit -= _perAttempt;
                    return null;
                }

                // Until one whole attempt has been earned back; at least a second for Retry-After.
                long ticks = (_perAttempt - _credit + budget.Failures - 1) / budget.Failures;
                return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(TimeSpan.FromTicks(ticks).TotalSeconds)));
            }
        }

        public void GiveBack(DateTimeOffset now)
        {
            lock (_gate)
            {
                Refill(now);
                _credit = Math.Min(_full, _credit + _perAttempt);
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
