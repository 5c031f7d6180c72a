namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>The fields batch matching needs: a found item of a bulk look-up.</summary>
public sealed record CongDanCompact(
    string SoDinhDanh,
    string? SoCMND,
    HoVaTen HoVaTen,
    string GioiTinh,
    NgayThangNamSinh NgayThangNamSinh,
    string DanToc,
    string QuocTich,
    ChetMatTich? ChetMatTich,
    DiaChi ThuongTru);
