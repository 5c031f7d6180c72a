using System.ComponentModel.DataAnnotations;

namespace DeAn06.Gateway.Credentials;

/// <summary>
/// Section "SignInLimits": failed sign-ins (wrong client secret at /connect/token or /ops/login)
/// allowed per client id and per remote address before the gateway answers 429 without checking the
/// secret. Each check costs a PBKDF2 hash, so unlimited wrong tries would slow everyone down.
/// </summary>
internal sealed class SignInLimitOptions
{
    public const string SectionName = "SignInLimits";

    /// <summary>Failed sign-ins one client id may have at once; refuses only tries from addresses with failures of their own. The default value is 10.</summary>
    [Range(1, 10_000)]
    public int FailuresPerClient { get; set; } = 10;

    /// <summary>Failed sign-ins one remote address (an IPv6 /64) may have at once. The default value is 30.</summary>
    [Range(1, 100_000)]
    public int FailuresPerAddress { get; set; } = 30;

    /// <summary>Time over which a used-up budget is earned back in full, evenly. The default value is 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
