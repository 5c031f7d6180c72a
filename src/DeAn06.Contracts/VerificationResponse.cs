namespace DeAn06.Contracts;

/// <summary>The answer to one record.</summary>
public sealed record VerificationResponse(string RequestId, string Policy, VerificationResult Result);

/// <summary>The answers to several records, in request order.</summary>
public sealed record VerifyManyResponse(string RequestId, string Policy, IReadOnlyList<VerificationResult> Results);
