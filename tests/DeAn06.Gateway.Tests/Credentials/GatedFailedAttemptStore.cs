using DeAn06.Gateway.Credentials;

namespace DeAn06.Gateway.Tests.Credentials;

/// <summary>
/// The real in-memory store, except that the first <paramref name="held"/> failures are counted only
/// once all of them have arrived: that many wrong secrets are then certainly past the check and hashed
/// at the same time, the race a burst from a clean address runs.
/// </summary>
internal sealed class GatedFailedAttemptStore(TimeProvider time, int held) : IFailedAttemptStore
{
    private readonly InMemoryFailedAttemptStore _inner = new(time);
    private readonly TaskCompletionSource _allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public ValueTask<bool> HasFailuresAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        _inner.HasFailuresAsync(key, budget, cancellationToken);

    public ValueTask<TimeSpan?> TryReserveAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        _inner.TryReserveAsync(key, budget, cancellationToken);

    public ValueTask ReleaseAsync(string key, FailureBudget budget, CancellationToken cancellationToken) =>
        _inner.ReleaseAsync(key, budget, cancellationToken);

    public async ValueTask RecordFailureAsync(string key, FailureBudget budget, bool reserved, CancellationToken cancellationToken)
    {
        // Each try records its address first; count tries by that.
        int arrived = key.StartsWith("address:", StringComparison.Ordinal) ? Interlocked.Increment(ref _arrived) : int.MaxValue;
        if (arrived <= held)
        {
            if (arrived == held)
            {
                _allArrived.TrySetResult();
            }

            // A deadline, not a sleep: on a busy machine the tries may take a while to arrive.
            await _allArrived.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }

        await _inner.RecordFailureAsync(key, budget, reserved, cancellationToken);
    }
}
