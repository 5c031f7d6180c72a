using DeAn06.Contracts.Csv;

namespace DeAn06.Verification.Tests.Verification;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"bấm\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"bấm\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\"")]
    [InlineData("-2+3+cmd|' /C calc'!A0", "\"'-2+3+cmd|' /C calc'!A0\"")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0", "\"'@SUM(1+1)*cmd|' /C calc'!A0\"")]
    [InlineData("\t=1+1", "\"'\t=1+1\"")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("＝1+1", "\"'＝1+1\"")]
    [InlineData("+5", "\"'+5\"")]
    [InlineData("-", "\"'-\"")]
    public void Encode_FormulaLeadingCharacter_QuotedWithLeadingApostrophe(string value, string expected) =>
        Assert.Equal(expected, CsvCell.Encode(value));

    [Theory]
    [InlineData("-12", "-12")]
    [InlineData("-12.5", "-12.5")]
    [InlineData("HS-0001", "HS-0001")]
    [InlineData("a=b", "a=b")]
    [InlineData("Nguyễn, Văn", "\"Nguyễn, Văn\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Encode_OrdinaryValueOrNegativeNumber_KeptOrOnlyQuoted(string? value, string expected) =>
        Assert.Equal(expected, CsvCell.Encode(value));
}
