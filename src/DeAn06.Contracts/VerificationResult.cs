namespace DeAn06.Contracts;

/// <summary>
/// The verdict on one record: MATCH, MISMATCH, NOT_FOUND, MISSING_ID, INVALID_ID, DECEASED,
/// UPSTREAM_UNAVAILABLE, or (batch lines that could not be read) REJECTED. Never the citizen's record.
/// </summary>
public sealed record VerificationResult(
    string Verdict,
    string? MaskedId = null,
    IReadOnlyDictionary<string, FieldResult>? Fields = null,
    IReadOnlyList<string>? Differing = null,
    string? IdRule = null,
    double? Score = null,
    IReadOnlyList<CandidateResult>? Candidates = null,
    string? MaHoSo = null,
    long? Line = null,
    string? Reason = null);
