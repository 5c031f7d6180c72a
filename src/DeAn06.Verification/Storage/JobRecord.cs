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
    string? Failure);
