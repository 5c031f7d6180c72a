namespace DeAn06.Verification.Storage;

/// <summary>What a count is kept by: sector, province, day (yyyy-MM-dd, Vietnam time), source ("realtime" or a job id) and verdict.</summary>
public readonly record struct StatisticsKey(string Sector, string Province, string Day, string Source, string Verdict);
