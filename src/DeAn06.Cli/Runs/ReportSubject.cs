using DeAn06.Matching.Ids;

namespace DeAn06.Cli.Runs;

/// <summary>What a report line is about, as the verification service names it: "BHXH Bắc Kạn" (the sector alone without a known province).</summary>
internal static class ReportSubject
{
    public static string Of(string sector, string? province) =>
        int.TryParse(province, out int code) && ProvinceCodes.NameOf(code) is { } name ? $"{sector} {name}" : sector;
}
