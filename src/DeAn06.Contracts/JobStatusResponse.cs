namespace DeAn06.Contracts;

/// <summary>
/// A batch job's progress. <see cref="Total"/> counts the accepted records (the lines that could be
/// read), <see cref="Rejected"/> the lines that could not, <see cref="Done"/> the accepted records
/// checked so far: progress is Done/Total, never Done+Rejected. Rate is records per second; ETA in
/// seconds (null until known).
/// </summary>
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
    IReadOnlyDictionary<string, string> Links)
{
    /// <summary>Records accepted for checking (the same as <see cref="Total"/>, named for what it counts).</summary>
    public long Accepted => Total;

    /// <summary>Accepted records checked so far (the same as <see cref="Done"/>).</summary>
    public long Checked => Done;

    /// <summary>Lines in the file: accepted plus rejected.</summary>
    public long Lines => Total + Rejected;

    /// <summary>
    /// Compared fields no record of the file carried (e.g. NgayThangNamSinh when the file has no such
    /// column): the verdicts did not look at them.
    /// </summary>
    public IReadOnlyList<string> NotCompared { get; init; } = [];
}
