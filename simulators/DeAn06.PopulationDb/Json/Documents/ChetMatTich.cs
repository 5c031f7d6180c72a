namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>Present only for a deceased citizen: TinhTrang CHET and the date of death (yyyyMMdd).</summary>
public sealed record ChetMatTich(string TinhTrang, string? NgayChet);
