namespace DeAn06.Contracts;

/// <summary>A possible ID for a record without one: masked, for an official to review; never applied automatically.</summary>
public sealed record CandidateResult(string MaskedId, double Confidence);
