namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>Up to 10 candidates, best first, and how many were found in all.</summary>
public sealed record SearchResponse(IReadOnlyList<SearchCandidate> UngVien, int TongSo);
