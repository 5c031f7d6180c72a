namespace DeAn06.Contracts;

/// <summary>A batch job's progress. Rate is records per second; ETA in seconds (null until known).</summary>
public sealed record JobStatusResponse(
    string JobId,
    string Status,
    string Sector,
    string Province,
    string Policy,
    string Format,
    long Total,
    long Rejected,
    long Done,
    double? RatePerSecond,
    double? EtaSeconds,
    IReadOnlyDictionary<string, long> Counts,
    bool WaitingForUpstream,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Failure,
    IReadOnlyDictionary<string, string> Links);
