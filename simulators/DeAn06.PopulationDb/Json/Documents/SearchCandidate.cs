namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>A candidate ID of a demographic search and how sure the search is of it (0 to 1).</summary>
public sealed record SearchCandidate(string SoDinhDanh, double DoTinCay);
