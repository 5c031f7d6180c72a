namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>A related person (father, mother, spouse): ID and full name.</summary>
public sealed record NguoiLienQuan(string SoDinhDanh, string HoVaTen);
