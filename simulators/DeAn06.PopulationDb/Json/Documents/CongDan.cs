namespace DeAn06.PopulationDb.Json.Documents;

/// <summary>A citizen's full record, as TraCuuThongTinCongDan returns it (QCVN 109 names and codes).</summary>
public sealed record CongDan(
    string SoDinhDanh,
    string? SoCMND,
    HoVaTen HoVaTen,
    string GioiTinh,
    NgayThangNamSinh NgayThangNamSinh,
    string DanToc,
    string QuocTich,
    ChetMatTich? ChetMatTich,
    string TonGiao,
    string TinhTrangHonNhan,
    DiaChi NoiDangKyKhaiSinh,
    DiaChi QueQuan,
    DiaChi ThuongTru,
    DiaChi NoiOHienTai,
    NguoiLienQuan? Cha,
    NguoiLienQuan? Me,
    NguoiLienQuan? VoChong,
    ChuHo ChuHo,
    string SoSoHoKhau);
