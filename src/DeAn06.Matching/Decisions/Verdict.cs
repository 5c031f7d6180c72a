namespace DeAn06.Matching.Decisions;

/// <summary>The overall result of verifying one sector record.</summary>
public enum Verdict : byte
{
    /// <summary>The record agrees with the population DB under the policy applied.</summary>
    Match = 0,

    /// <summary>Found, but fields differ (named in the decision).</summary>
    Mismatch = 1,

    /// <summary>No citizen with this ID or CMND in the population DB.</summary>
    NotFound = 2,

    /// <summary>The record carries no ID or CMND ("chưa có số định danh cá nhân").</summary>
    MissingId = 3,

    /// <summary>The ID breaks the structure rules or contradicts the stated gender or birth year.</summary>
    InvalidId = 4,

    /// <summary>Matches a citizen the population DB records as deceased.</summary>
    Deceased = 5,

    /// <summary>Could not be checked now (the population DB is down); retried later, never counted as a mismatch.</summary>
    UpstreamUnavailable = 6,
}
