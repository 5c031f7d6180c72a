namespace DeAn06.SectorData;

/// <summary>One generated sector record (the CSV columns the verification service accepts).</summary>
public sealed record SectorLine(string MaHoSo, string SoDinhDanh, string HoVaTen, string NgayThangNamSinh, string GioiTinh)
{
    public const string CsvHeader = "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh";

    public string ToCsv() => string.Join(',', MaHoSo, SoDinhDanh, HoVaTen, NgayThangNamSinh, GioiTinh);
}
