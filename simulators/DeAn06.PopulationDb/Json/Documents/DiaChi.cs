namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>An address: the five-digit administrative unit (commune) code, the street detail, the country.</summary>
public sealed record DiaChi(string MaDonViHanhChinh, string? ChiTiet, string? QuocGia);
