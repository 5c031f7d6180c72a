namespace DeAn06.Contracts.Batch;

/// <summary>
/// The batch file's columns, described once for the service's errors, the command line's help and the
/// docs (docs/verification.md quotes <see cref="CsvDescription"/>).
/// </summary>
public static class BatchFileFormat
{
    /// <summary>Every column a CSV may have, in the usual order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["MaHoSo", "SoDinhDanh", "SoCMND", "HoVaTen", "NgayThangNamSinh", "GioiTinh"];

    /// <summary>The fields compared with the population DB besides the name; a file without them is checked on the rest, and says so.</summary>
    public static IReadOnlyList<string> ComparedOptional { get; } = ["NgayThangNamSinh", "GioiTinh"];

    /// <summary>A complete header line.</summary>
    public const string CsvHeader = "MaHoSo,SoDinhDanh,SoCMND,HoVaTen,NgayThangNamSinh,GioiTinh";

    /// <summary>What the header must hold, in one sentence.</summary>
    public const string CsvDescription =
        "CSV in UTF-8, comma- or semicolon-separated, header " + CsvHeader + ": SoDinhDanh and HoVaTen required " +
        "(SoDinhDanh may be empty on a line that has SoCMND), NgayThangNamSinh and GioiTinh compared when present, MaHoSo your own reference";
}
