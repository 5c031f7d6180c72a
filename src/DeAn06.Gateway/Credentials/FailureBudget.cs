namespace DeAn06.Gateway.Credentials;

/// <summary>
/// How many failed sign-ins a key (a client id, a remote address) may have: <paramref name="Failures"/>
/// at once, earned back evenly over <paramref name="Window"/> (a token bucket of failures).
/// </summary>
internal readonly record struct FailureBudget(int Failures, TimeSpan Window);
