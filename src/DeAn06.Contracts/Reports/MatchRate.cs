namespace DeAn06.Contracts.Reports;

/// <summary>
/// The one rate rule of every report format (text, Markdown, CSV, JSON, the dashboard): the share of
/// matched records in percent, cut (not rounded) to two decimals, as the provincial reports write it
/// (310.080/310.462 is 99,87 %, not 99,88). So 100 % appears only when every record matched.
/// </summary>
public static class MatchRate
{
    /// <summary>The rate in hundredths of a percent (9987 for 99,87 %); 0 when nothing was checked.</summary>
    public static long Hundredths(long matched, long total) =>
        total <= 0 ? 0 : (long)((Int128)Math.Max(0, matched) * 10_000 / total);

    /// <summary>The rate in percent, two decimals, cut: 99.87 for 310.080/310.462 (JSON and CSV carry this number).</summary>
    public static decimal Percent(long matched, long total) => Hundredths(matched, total) / 100m;
}
