namespace DeAn06.Contracts.Reports;

/// <summary>
/// Sectors as the reports name them ("Thuế Thanh Hóa", "Giáo dục Bắc Kạn"); the codes (THUE, GIAODUC)
/// stay on the wire, in filters and in the machine formats.
/// </summary>
public static class SectorNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BHXH"] = "BHXH",
        ["BHYT"] = "BHYT",
        ["THUE"] = "Thuế",
        ["DATDAI"] = "Đất đai",
        ["GIAODUC"] = "Giáo dục",
        ["YTE"] = "Y tế",
        ["NOIVU"] = "Nội vụ",
        ["OPS"] = "Vận hành",
    };

    /// <summary>The sector's name in the reports' words, or the code itself for a sector without one.</summary>
    public static string Of(string sector) => Names.GetValueOrDefault(sector) ?? sector;

    /// <summary>"Thuế Thanh Hóa"; the sector alone when the province has no name.</summary>
    public static string Subject(string sector, string? provinceName) =>
        provinceName is null ? Of(sector) : $"{Of(sector)} {provinceName}";
}
