namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Where failed sign-ins are counted, per key. In memory on one gateway; several gateways will share
/// one store (Redis) so that a key's budget is the same whichever gateway it reaches. Each call on a
/// key must be atomic on that key: parallel tries must not all see the same failure left.
/// </summary>
internal interface IFailedAttemptStore
{
    /// <summary>
    /// Whether the key has failures against it: its budget is not yet earned back in full, or its last
    /// failure is less than the budget's window ago.
    /// </summary>
    ValueTask<bool> HasFailuresAsync(string key, FailureBudget budget, CancellationToken cancellationToken);

    /// <summary>
    /// Asked before the secret is checked: takes one failure of the key's budget, in one step with the
    /// check, and answers null; or, when none is left, takes nothing and answers how long until one is.
    /// </summary>
    ValueTask<TimeSpan?> TryReserveAsync(string key, FailureBudget budget, CancellationToken cancellationToken);

    /// <summary>Gives back a failure taken by <see cref="TryReserveAsync"/> for a try whose secret was right.</summary>
    ValueTask ReleaseAsync(string key, FailureBudget budget, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a failure: notes its time and, unless it was <paramref name="reserved"/>, uses up one
    /// failure of the budget. Failures past the budget go on counting (down to one whole budget below
    /// empty), so a burst that raced past the check lengthens the wait by its size.
    /// </summary>
    ValueTask RecordFailureAsync(string key, FailureBudget budget, bool reserved, CancellationToken cancellationToken);
}
