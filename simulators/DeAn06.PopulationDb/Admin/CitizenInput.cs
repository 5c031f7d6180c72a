namespace DeAn06.PopulationDb.Admin;

/// <summary>
/// A citizen added at run time (POST /admin/citizens), in the simulator's own formats: dates yyyyMMdd
/// (or yyyy when only the year is known), GioiTinh "1" (Nam) or "2" (Nữ), codes as QCVN 109 writes them.
/// </summary>
public sealed record CitizenInput(
    string? SoDinhDanh,
    string? SoCMND,
    NameInput? HoVaTen,
    string? GioiTinh,
    string? NgayThangNamSinh,
    string? DanToc,
    string? MaDonViHanhChinhThuongTru,
    string? NgayChet);

/// <summary>The three parts of a Vietnamese name; ChuDem may be empty.</summary>
public sealed record NameInput(string? Ho, string? ChuDem, string? Ten);
