using DeAn06.Contracts;
using DeAn06.Contracts.Reports;
using DeAn06.Matching.Ids;

namespace DeAn06.Verification.Statistics;

/// <summary>Counts for one sector and province (and day, when grouped by day): total checked, matched, the rest by reason.</summary>
public sealed record StatisticsGroup(string Sector, string Province, string? Day, long Total, long Matched, IReadOnlyDictionary<string, long> ByVerdict, long NotChecked)
{
    /// <summary>Percent matched, two decimals cut as the reports do (<see cref="MatchRate"/>): the same figure as the text line.</summary>
    public decimal Rate => MatchRate.Percent(Matched, Total);

    /// <summary>"BHXH Bắc Kạn: 310.080/310.462 (99,87 %), còn 382: 211 chưa có số định danh cá nhân, 171 thông tin cá nhân sai lệch".</summary>
    public string ReportLine()
    {
        string? place = int.TryParse(Province, out int code) ? ProvinceCodes.NameOf(code) : null;
        string when = Day is null ? "" : $" ngày {VietnameseFormat.Day(Day)}";
        return Contracts.Reports.ReportLine.Format(SectorNames.Subject(Sector, place) + when, Matched, Total, ByVerdict, NotChecked);
    }

    /// <summary>Groups stored counts. UPSTREAM_UNAVAILABLE is never part of the total (nor a mismatch).</summary>
    public static IReadOnlyList<StatisticsGroup> From(IEnumerable<Storage.StatisticsRow> rows, bool byDay) =>
        rows.GroupBy(r => (r.Sector, r.Province, Day: byDay ? r.Day : null))
            .Select(g =>
            {
                var byVerdict = g.GroupBy(r => r.Verdict).ToDictionary(v => v.Key, v => v.Sum(r => r.Count));
                long notChecked = byVerdict.GetValueOrDefault(Verdicts.UpstreamUnavailable);
                byVerdict.Remove(Verdicts.UpstreamUnavailable);
                long total = byVerdict.Values.Sum();
                return new StatisticsGroup(g.Key.Sector, g.Key.Province, g.Key.Day, total, byVerdict.GetValueOrDefault(Verdicts.Match), byVerdict, notChecked);
            })
            .OrderBy(g => g.Sector, StringComparer.Ordinal).ThenBy(g => g.Province, StringComparer.Ordinal).ThenBy(g => g.Day, StringComparer.Ordinal)
            .ToList();
}
