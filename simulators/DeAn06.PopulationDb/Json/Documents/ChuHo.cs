namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>The head of the household and the citizen's relation to them.</summary>
public sealed record ChuHo(string QuanHe, string SoDinhDanh, string HoVaTen);
