namespace DeAn06.Contracts;

/// <summary>Up to 100 records verified in one call.</summary>
public sealed record VerifyManyRequest(IReadOnlyList<VerificationRecord>? Records);
