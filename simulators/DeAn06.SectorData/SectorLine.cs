namespace DeAn06.SectorData;

/// <summary>One generated sector record (the CSV columns the verification service accepts).</summary>
public sealed record SectorLine(string MaHoSo, string SoDinhDanh, string HoVaTen, string NgayThangNamSinh, string GioiTinh, string SoCMND = "")
{
    public const string CsvHeader = "MaHoSo,SoDinhDanh,SoCMND,HoVaTen,NgayThangNamSinh,GioiTinh";

    /// <summary>The identifier the matcher works from: the personal ID, else the old CMND.</summary>
    public string Identifier => SoDinhDanh.Length > 0 ? SoDinhDanh : SoCMND;

    public string ToCsv() => string.Join(',', MaHoSo, SoDinhDanh, SoCMND, HoVaTen, NgayThangNamSinh, GioiTinh);

    /// <summary>One NDJSON line with the QCVN 109 field names (empty identifiers left out), text as written (NFD stays NFD).</summary>
    public string ToNdjson() => System.Text.Json.JsonSerializer.Serialize(new NdjsonRecord(MaHoSo, NullIfEmpty(SoDinhDanh), NullIfEmpty(SoCMND), HoVaTen, NgayThangNamSinh, GioiTinh), Ndjson);

    private static readonly System.Text.Json.JsonSerializerOptions Ndjson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private sealed record NdjsonRecord(string MaHoSo, string? SoDinhDanh, string? SoCMND, string HoVaTen, string NgayThangNamSinh, string GioiTinh);
}
