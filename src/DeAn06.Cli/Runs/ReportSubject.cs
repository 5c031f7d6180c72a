using DeAn06.Contracts.Reports;
using DeAn06.Matching.Ids;

namespace DeAn06.Cli.Runs;

/// <summary>What a report line is about, as the verification service names it: "Thuế Thanh Hóa" (the sector alone without a known province).</summary>
internal static class ReportSubject
{
    public static string Of(string sector, string? province) =>
        SectorNames.Subject(sector, int.TryParse(province, out int code) ? ProvinceCodes.NameOf(code) : null);
}
