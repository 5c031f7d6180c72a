using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DeAn06.Contracts;
using DeAn06.Contracts.Csv;
using DeAn06.Contracts.Reports;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Policies;
using DeAn06.ServiceDefaults;
using DeAn06.Verification.Errors;
using DeAn06.Verification.Statistics;
using DeAn06.Verification.Storage;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Apis;

/// <summary>
/// Match statistics by sector, province, job and day, as JSON, CSV, or the Vietnamese report
/// (Markdown or text) in the provinces' own format.
/// </summary>
public static partial class StatisticsApi
{
    public static void MapStatisticsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/statistics", QueryAsync).WithTags("Statistics").WithName("GetStatistics")
            .WithSummary("Match statistics by sector, province, job and day: JSON, CSV, or the Vietnamese report (format=markdown|text).")
            .Produces<IEnumerable<StatisticsEntry>>(StatusCodes.Status200OK, "application/json", "text/csv", "text/markdown", "text/plain");

    private static async Task<IResult> QueryAsync(HttpContext http, IStatisticsStore store, IOptions<MatchingOptions> matching,
        string? sector, string? province, string? from, string? to, string? jobId, string? groupBy, string? format)
    {
        var errors = new List<string>();
        if (sector is not null && !Code().IsMatch(sector))
        {
            errors.Add("sector must be a sector code such as BHXH");
        }

        if (province is not null && !Province().IsMatch(province))
        {
            errors.Add("province must be two digits such as 06");
        }

        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            if (value is not null && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add($"{name} must be a date written yyyy-MM-dd");
            }
        }

        if (groupBy is not (null or "day"))
        {
            errors.Add("groupBy can only be day");
        }

        if (format is not (null or "json" or "csv" or "markdown" or "text"))
        {
            errors.Add("format must be json, csv, markdown or text");
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest(ErrorCode.InvalidQuery, string.Join("; ", errors) + ".");
        }

        var rows = await store.QueryAsync(new StatisticsFilter(sector?.ToUpperInvariant(), province, from, to, jobId), http.RequestAborted);
        IReadOnlyList<StatisticsGroup> groups = StatisticsGroup.From(rows, groupBy == "day");
        return format switch
        {
            "csv" => TypedResults.Text(Csv(groups), "text/csv; charset=utf-8"),
            "markdown" => TypedResults.Text(Markdown(groups, matching.Value), "text/markdown; charset=utf-8"),
            "text" => TypedResults.Text(groups.Count == 0 ? NoData + "\n" : string.Concat(groups.Select(g => g.ReportLine() + "\n")), "text/plain; charset=utf-8"),
            _ => TypedResults.Ok(groups.Select(g => new StatisticsEntry(g.Sector, g.Province, g.Day, g.Total, g.Matched, g.Rate, g.NotChecked, g.ByVerdict,
                matching.Value.PolicyFor(g.Sector).Name, g.ReportLine()))),
        };
    }

    /// <summary>What the human formats say when no record was checked (yet, or in the filter's range).</summary>
    internal const string NoData = "Chưa có số liệu xác thực: chưa có hồ sơ nào được kiểm tra (trong phạm vi đã chọn).";

    private static string Csv(IReadOnlyList<StatisticsGroup> groups)
    {
        var sb = new StringBuilder("sector,province,day,total,matched,rate," + string.Join(',', Verdicts.Final.Skip(1)) + ",not_checked\n");
        foreach (StatisticsGroup g in groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{CsvCell.Encode(g.Sector)},{CsvCell.Encode(g.Province)},{CsvCell.Encode(g.Day)},{g.Total},{g.Matched},{g.Rate.ToString("0.00", CultureInfo.InvariantCulture)}");
            foreach (string verdict in Verdicts.Final.Skip(1))
            {
                sb.Append(CultureInfo.InvariantCulture, $",{g.ByVerdict.GetValueOrDefault(verdict)}");
            }

            sb.Append(CultureInfo.InvariantCulture, $",{g.NotChecked}\n");
        }

        return sb.ToString();
    }

    private static string Markdown(IReadOnlyList<StatisticsGroup> groups, MatchingOptions matching)
    {
        var sb = new StringBuilder("# Kết quả xác thực, đối chiếu dữ liệu với CSDLQG về dân cư\n\n");
        if (groups.Count == 0)
        {
            return sb.Append(NoData).Append('\n').ToString();
        }

        foreach (StatisticsGroup g in groups)
        {
            sb.Append("- ").Append(g.ReportLine()).Append(" — ").Append(PolicyNames.Describe(matching.PolicyFor(g.Sector).Name)).Append('\n');
        }

        sb.Append("\n| Ngành | Tỉnh | Ngày | Tổng số | Khớp | Tỷ lệ |");
        foreach (var (_, text) in Reasons.All)
        {
            sb.Append(' ').Append(text).Append(" |");
        }

        sb.Append("\n|---|---|---|---:|---:|---:|").Append(string.Concat(Enumerable.Repeat("---:|", Reasons.All.Count))).Append('\n');
        foreach (StatisticsGroup g in groups)
        {
            string province = int.TryParse(g.Province, out int code) && ProvinceCodes.NameOf(code) is { } name ? name : g.Province;
            sb.Append(CultureInfo.InvariantCulture, $"| {SectorNames.Of(g.Sector)} | {province} | {(g.Day is null ? "—" : VietnameseFormat.Day(g.Day))} | {VietnameseFormat.Count(g.Total)} | {VietnameseFormat.Count(g.Matched)} | {VietnameseFormat.Percent(g.Matched, g.Total)} |");
            foreach (var (verdict, _) in Reasons.All)
            {
                sb.Append(' ').Append(VietnameseFormat.Count(g.ByVerdict.GetValueOrDefault(verdict))).Append(" |");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{2,32}$")]
    private static partial Regex Code();

    [GeneratedRegex("^[0-9]{2}$")]
    private static partial Regex Province();
}
