namespace DeAn06.Verification.Apis;

/// <summary>One group of the statistics (sector, province, and day when grouped by day), as JSON.</summary>
/// <param name="Sector">The sector code, e.g. BHXH.</param>
/// <param name="Province">The two-digit province code.</param>
/// <param name="Day">yyyy-MM-dd when grouped by day, else null.</param>
/// <param name="Total">Records checked.</param>
/// <param name="Matched">Records with the verdict MATCH.</param>
/// <param name="Rate">Matched/Total in percent, truncated to two decimals as the reports do.</param>
/// <param name="NotChecked">Records not checked yet (UPSTREAM_UNAVAILABLE).</param>
/// <param name="ByVerdict">Records per verdict.</param>
/// <param name="Policy">The sector's match policy.</param>
/// <param name="Report">The Vietnamese report line.</param>
public sealed record StatisticsEntry(string Sector, string Province, string? Day, long Total, long Matched, decimal Rate, long NotChecked,
    IReadOnlyDictionary<string, long> ByVerdict, string Policy, string Report);
