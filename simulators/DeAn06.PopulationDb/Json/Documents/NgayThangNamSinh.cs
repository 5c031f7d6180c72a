namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>A birth date: NgayThangNam (yyyyMMdd) is absent when only the year (Nam, yyyy) is on record.</summary>
public sealed record NgayThangNamSinh(string? NgayThangNam, string Nam);
