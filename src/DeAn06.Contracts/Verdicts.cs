namespace DeAn06.Contracts;

/// <summary>The verdict strings on the wire.</summary>
public static class Verdicts
{
    public const string Match = "MATCH";
    public const string Mismatch = "MISMATCH";
    public const string NotFound = "NOT_FOUND";
    public const string MissingId = "MISSING_ID";
    public const string InvalidId = "INVALID_ID";
    public const string Deceased = "DECEASED";
    public const string UpstreamUnavailable = "UPSTREAM_UNAVAILABLE";
    public const string Rejected = "REJECTED";

    /// <summary>Final verdicts of a checked record, in report order.</summary>
    public static IReadOnlyList<string> Final { get; } = [Match, Mismatch, NotFound, MissingId, InvalidId, Deceased];
}
