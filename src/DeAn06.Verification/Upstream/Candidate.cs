namespace DeAn06.Verification.Upstream;

/// <summary>A possible ID for a record that has none, with the population DB's confidence.</summary>
public sealed record Candidate(long Id, double Confidence);
