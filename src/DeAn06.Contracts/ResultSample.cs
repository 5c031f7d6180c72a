namespace DeAn06.Contracts;

/// <summary>One masked result shown to operators when they drill down from a reason: where it came from and how its fields compared.</summary>
public sealed record ResultSample(string JobId, string Sector, string Province, VerificationResult Result);
