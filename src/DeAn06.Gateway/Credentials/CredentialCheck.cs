using DeAn06.Gateway.Consumers;

namespace DeAn06.Gateway.Credentials;

/// <summary>The verdict on a client's credentials; the consumer when valid, the wait when limited.</summary>
internal readonly record struct CredentialCheck(CredentialVerdict Verdict, Consumer? Consumer, TimeSpan RetryAfter);
