using DeAn06.Matching.Comparison;
using DeAn06.Matching.Ids;

namespace DeAn06.Verification.Storage;

/// <summary>The stored outcome of one input line: a verdict, or the reason the line was rejected.</summary>
public sealed record ResultRow(
    long Line,
    string Verdict,
    string? MaskedId,
    MatchLevel? Name,
    MatchLevel? BirthDate,
    MatchLevel? Gender,
    MatchLevel? Cmnd,
    MatchField Differing,
    IdRule IdRule,
    float Score,
    string? Reference,
    string? Candidates,
    FieldScores Scores = default);

/// <summary>Each compared field's score (0 when not compared).</summary>
public readonly record struct FieldScores(float Name, float BirthDate, float Gender, float Cmnd);
