namespace DeAn06.SectorData;

/// <summary>One generated sector record (the CSV columns the verification service accepts).</summary>
public sealed record SectorLine(string MaHoSo, string SoDinhDanh, string HoVaTen, string NgayThangNamSinh, string GioiTinh, string SoCMND = "")
{
    public const string CsvHeader = "MaHoSo,SoDinhDanh,SoCMND,HoVaTen,NgayThangNamSinh,GioiTinh";

    /// <summary>The identifier the matcher works from: the personal ID, else the old CMND.</summary>
    public string Identifier => SoDinhDanh.Length > 0 ? SoDinhDanh : SoCMND;

    public string ToCsv() => string.Join(',', MaHoSo, SoDinhDanh, SoCMND, HoVaTen, NgayThangNamSinh, GioiTinh);
}
