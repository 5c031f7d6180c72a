using DeAn06.Contracts;
using DeAn06.Verification.Statistics;

namespace DeAn06.Verification.Tests.Statistics;

/// <summary>One rate rule and the reports' names in every format built from a group.</summary>
public sealed class StatisticsGroupTests
{
    private static StatisticsGroup Group(string sector, string province, string? day, long matched, long total) =>
        new(sector, province, day, total, matched, new Dictionary<string, long> { [Verdicts.Match] = matched, [Verdicts.Mismatch] = total - matched }, 0);

    [Theory]
    [InlineData(310_080, 310_462, "99.87")] // 99,877…: cut as in the text line, not rounded to 99.88
    [InlineData(2_798_936, 3_063_393, "91.36")] // 91,367…
    [InlineData(1_997, 2_000, "99.85")]
    [InlineData(0, 0, "0")]
    public void Rate_CutToTwoDecimals_AsTheTextLineSaysIt(long matched, long total, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Group("BHXH", "06", null, matched, total).Rate);

    [Fact]
    public void Rate_SameFigureAsTheReportLine()
    {
        StatisticsGroup g = Group("BHXH", "06", null, 1_997, 2_000);
        Assert.Contains("(99,85 %)", g.ReportLine(), StringComparison.Ordinal);
        Assert.Equal(99.85m, g.Rate);
    }

    [Theory]
    [InlineData("THUE", "38", null, "Thuế Thanh Hóa: ")]
    [InlineData("GIAODUC", "06", null, "Giáo dục Bắc Kạn: ")]
    [InlineData("BHXH", "06", "2024-07-01", "BHXH Bắc Kạn ngày 01/07/2024: ")]
    [InlineData("NEWSECTOR", "99", null, "NEWSECTOR: ")]
    public void ReportLine_SectorProvinceAndDayAsTheReportsWriteThem(string sector, string province, string? day, string start) =>
        Assert.StartsWith(start, Group(sector, province, day, 5, 6).ReportLine(), StringComparison.Ordinal);
}
