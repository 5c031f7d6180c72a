namespace DeAn06.Verification.Storage;

/// <summary>One stored count.</summary>
public sealed record StatisticsRow(string Sector, string Province, string Day, string Source, string Verdict, long Count);
