using DeAn06.Gateway.Credentials;

namespace DeAn06.Gateway.Tests.Credentials;

/// <summary>
/// The real in-memory store, except that once <see cref="Hold"/> is called no failure is counted until
/// that many tries have come to a verdict (a failure to count, or a refusal before hashing): the tries
/// of a burst then certainly all meet the check before any of its failures is counted, the worst interleaving.
/// </summary>
internal sealed class GatedFailedAttemptStore(TimeProvider time) : IFailedAttemptStore
{
    private readonly InMemoryFailedAttemptStore _inner = new(time);
    private TaskCompletionSource _allDecided = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _decided;
    private int _held;

    /// <summary>From now on, failures wait until <paramref name="tries"/> tries have come to a verdict.</summary>
    public void Hold(int tries)
    {
        _allDecided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _decided = 0;
        Volatile.Write(ref _held, tries);
    }

    public ValueTask<bool> HasFailuresAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        _inner.HasFailuresAsync(key, budget, cancellationToken);

    public async ValueTask<TimeSpan?> TryReserveAsync(string key, FailureBudget budget, CancellationToken cancellationToken)
    {
        TimeSpan? wait = await _inner.TryReserveAsync(key, budget, cancellationToken);
        if (wait is not null)
        {
            Decided();
        }

        return wait;
    }

    public ValueTask ReleaseAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        _inner.ReleaseAsync(key, budget, cancellationToken);

    public async ValueTask RecordFailureAsync(string key, FailureBudget budget, bool reserved, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _held) > 0)
        {
            // A try records its address's failure first; count it by that.
            if (key.StartsWith("address:", StringComparison.Ordinal))
            {
                Decided();
            }

            // A deadline, not a sleep: on a busy machine the tries may take a while to arrive.
            await _allDecided.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }

        await _inner.RecordFailureAsync(key, budget, reserved, cancellationToken);
    }

    private void Decided()
    {
        if (Volatile.Read(ref _held) == 0)
        {
            return;
        }

        if (Interlocked.Increment(ref _decided) >= Volatile.Read(ref _held))
        {
            _allDecided.TrySetResult();
        }
    }
}
