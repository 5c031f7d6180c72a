using DeAn06.Contracts;
using DeAn06.Contracts.Reports;

namespace DeAn06.Verification.Tests.Statistics;

/// <summary>The report line reads exactly as the provinces write theirs.</summary>
public sealed class ReportLineTests
{
    [Theory]
    [InlineData(310_080, 310_462, "99,87 %")] // Bắc Kạn 07/2024 as reported: cut, not rounded (99,877…)
    [InlineData(3_079_271, 3_200_783, "96,20 %")]
    [InlineData(999_999, 1_000_000, "99,99 %")] // never 100,00 % with a record left over
    [InlineData(5, 5, "100,00 %")]
    [InlineData(0, 7, "0,00 %")]
    [InlineData(0, 0, "—")]
    public void Percent_CutToTwoDecimalsWithComma(long part, long whole, string expected) =>
        Assert.Equal(expected, VietnameseFormat.Percent(part, whole));

    [Theory]
    [InlineData(0, "0")]
    [InlineData(382, "382")]
    [InlineData(3_200_783, "3.200.783")]
    public void Count_DotForThousands(long n, string expected) => Assert.Equal(expected, VietnameseFormat.Count(n));

    [Fact]
    public void Format_BacKan_AsTheReportWritesIt()
    {
        var counts = new Dictionary<string, long> { [Verdicts.Match] = 310_080, [Verdicts.MissingId] = 211, [Verdicts.Mismatch] = 171 };
        Assert.Equal("BHXH Bắc Kạn: 310.080/310.462 (99,87 %), còn 382: 211 chưa có số định danh cá nhân, 171 thông tin cá nhân sai lệch",
            ReportLine.Format("BHXH Bắc Kạn", 310_080, 310_462, counts, notChecked: 0));
    }

    [Fact]
    public void Format_NotChecked_SaidApartAndNotCounted()
    {
        var counts = new Dictionary<string, long> { [Verdicts.Match] = 10 };
        Assert.Equal("BHXH: 10/10 (100,00 %); 3 chưa kiểm tra được (CSDLQG về dân cư không phản hồi)",
            ReportLine.Format("BHXH", 10, 10, counts, notChecked: 3));
    }
}
