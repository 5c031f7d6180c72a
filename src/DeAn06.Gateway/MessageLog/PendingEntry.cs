namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// An entry on its way into the log, and the answer's wait for it: the writer completes
/// <see cref="Committed"/> once the transaction holding the entry has committed. A waiter that gives
/// up withdraws the entry unless a transaction already holds it, so the log never records an answer
/// that the caller did not get because the log was unavailable (it got 503 instead).
/// </summary>
internal sealed class PendingEntry(LogEntry entry)
{
    private const int Queued = 0;
    private const int Writing = 1;
    private const int Withdrawn = 2;
    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public LogEntry Entry => entry;

    /// <summary>Completes when the entry is committed (continuations run off the writer's thread).</summary>
    public Task Committed => _committed.Task;

    /// <summary>The writer takes the entry into a transaction; false once its waiter withdrew it.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Writing, Queued) == Queued;

    /// <summary>The transaction holding the entry rolled back: it is queued again (and may be withdrawn).</summary>
    public void RolledBack() => Interlocked.CompareExchange(ref _state, Queued, Writing);

    public void Commit() => _committed.TrySetResult();

    /// <summary>The waiter gives up; false when a transaction holds the entry (its outcome decides).</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Queued) == Queued;
}
