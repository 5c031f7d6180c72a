namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Where failed sign-ins are counted, per key. In memory on one gateway; several gateways will share
/// one store (Redis) so that a key's budget is the same whichever gateway it reaches.
/// </summary>
public interface IFailedAttemptStore
{
    /// <summary>
    /// Takes one attempt from the key's budget before the secret is checked. Null when taken; otherwise
    /// how long until the key may try again (nothing is taken then).
    /// </summary>
    ValueTask<TimeSpan?> TryTakeAsync(string key, FailureBudget budget, CancellationToken cancellationToken);

    /// <summary>Gives back an attempt whose secret was right: only failures use up a budget.</summary>
    ValueTask GiveBackAsync(string key, FailureBudget budget, CancellationToken cancellationToken);
}
