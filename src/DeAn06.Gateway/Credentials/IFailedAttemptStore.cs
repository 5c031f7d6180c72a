namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Where failed sign-ins are counted, per key. In memory on one gateway; several gateways will share
/// one store (Redis) so that a key's budget is the same whichever gateway it reaches.
/// </summary>
public interface IFailedAttemptStore
{
    /// <summary>
    /// Asked before the secret is checked: null while the key has a failure left in its budget,
    /// otherwise how long until it has one again.
    /// </summary>
    ValueTask<TimeSpan?> RetryAfterAsync(string key, FailureBudget budget, CancellationToken cancellationToken);

    /// <summary>Uses up one failure of the key's budget (only failures do; a right secret changes nothing).</summary>
    ValueTask RecordFailureAsync(string key, FailureBudget budget, CancellationToken cancellationToken);
}
