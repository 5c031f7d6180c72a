using System.Text.Json;

namespace DeAn06.PopulationDb.Json;

/// <summary>TraCuuThongTinCongDan: look up one citizen by ID (12 digits) or CMND (9 digits).</summary>
public sealed record LookupRequest(string? SoDinhDanh, string? SoCMND);

/// <summary>Bulk look-up: up to 1,000 IDs or CMND numbers.</summary>
public sealed record BulkLookupRequest(IReadOnlyList<string?>? SoDinhDanh);

/// <summary>
/// XacThucThongTinCongDan: the fields to check against the record of <see cref="SoDinhDanh"/>.
/// <see cref="HoVaTen"/> is a full-name string or an object {Ho, ChuDem, Ten}.
/// <see cref="NgayThangNamSinh"/> is yyyyMMdd, or yyyy when only the year is known.
/// </summary>
public sealed record VerifyRequest(
    string? SoDinhDanh,
    string? SoCMND,
    JsonElement? HoVaTen,
    string? NgayThangNamSinh,
    string? GioiTinh,
    string? DanToc,
    string? MaDonViHanhChinhThuongTru);

/// <summary>
/// Demographic search for records without an ID: name plus birth date (yyyyMMdd) or birth year
/// (NamSinh), optionally restricted to a province (two-digit MaTinh, birth or permanent residence).
/// </summary>
public sealed record SearchRequest(string? HoVaTen, string? NgayThangNamSinh, string? NamSinh, string? MaTinh);
