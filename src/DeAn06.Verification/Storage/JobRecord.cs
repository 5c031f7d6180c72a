namespace DeAn06.Verification.Storage;

/// <summary>A job as stored.</summary>
public sealed record JobRecord(
    long Number,
    string Id,
    string Sector,
    string Province,
    string Policy,
    string Format,
    JobStatus Status,
    long Total,
    long Rejected,
    long Processed,
    long LastLine,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? IdempotencyKey,
    string? Failure)
{
    /// <summary>Compared fields that no record of the job carried (e.g. NgayThangNamSinh): its verdicts did not look at them.</summary>
    public IReadOnlyList<string> NotCompared { get; init; } = [];
}
