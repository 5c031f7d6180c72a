namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>One number of a bulk look-up, as requested, whether it was found, and the citizen when it was.</summary>
public sealed record BulkLookupItem(string SoDinhDanh, bool TimThay, CongDanCompact? CongDan);
