using DeAn06.Matching.Comparison;
using DeAn06.Matching.Dates;

namespace DeAn06.Matching.Tests.Dates;

public sealed class BirthDateTests
{
    [Theory]
    [InlineData("12/03/1985", 1985, 3, 12)]
    [InlineData("2/3/1985", 1985, 3, 2)]
    [InlineData("12-03-1985", 1985, 3, 12)]
    [InlineData("12.03.1985", 1985, 3, 12)]
    [InlineData("1985-03-12", 1985, 3, 12)]
    [InlineData("19850312", 1985, 3, 12)]
    [InlineData("03/25/1985", 1985, 3, 25)]
    [InlineData(" 29/02/2000 ", 2000, 2, 29)]
    public void TryParse_SupportedFormats_FullDate(string text, int year, int month, int day)
    {
        Assert.True(BirthDate.TryParse(text, out BirthDate date));
        Assert.Equal(new BirthDate(year, month, day, DatePrecision.Day), date);
    }

    [Fact]
    public void TryParse_YearOnly_KeepsPrecision()
    {
        Assert.True(BirthDate.TryParse("1950", out BirthDate date));
        Assert.Equal(DatePrecision.Year, date.Precision);
        Assert.Equal(1950, date.Year);
    }

    [Theory]
    [InlineData("31/02/1985")]
    [InlineData("29/02/1900")]
    [InlineData("13/13/1985")]
    [InlineData("1985/03")]
    [InlineData("12/03-1985")]
    [InlineData("abc")]
    [InlineData("85")]
    [InlineData("12/03/85")]
    [InlineData("")]
    [InlineData("0000")]
    public void TryParse_NotARealDate_False(string text)
    {
        Assert.False(BirthDate.TryParse(text, out _));
    }

    [Theory]
    [InlineData("12/03/1985", "19850312", MatchLevel.Equivalent)]
    [InlineData("19850312", "19850312", MatchLevel.Exact)]
    [InlineData("1985", "19850312", MatchLevel.Partial)]
    [InlineData("12/03/1985", "1985", MatchLevel.Partial)]
    [InlineData("1985", "1985", MatchLevel.Exact)]
    [InlineData("01/01/1985", "19850312", MatchLevel.Partial)]
    [InlineData("03/12/1985", "19850312", MatchLevel.Fuzzy)]
    [InlineData("13/03/1985", "19850312", MatchLevel.Different)]
    [InlineData("12/03/1986", "19850312", MatchLevel.Different)]
    [InlineData("1986", "19850312", MatchLevel.Different)]
    public void Compare_Pairs_Level(string sector, string reference, MatchLevel expected)
    {
        Assert.True(BirthDate.TryParse(sector, out BirthDate s));
        Assert.True(BirthDate.TryParse(reference, out BirthDate r));
        Assert.Equal(expected, BirthDateComparer.Compare(s, r, sector == reference).Level);
    }

    [Fact]
    public void Compare_EitherMissing_Absent()
    {
        Assert.True(BirthDate.TryParse("1985", out BirthDate r));
        Assert.Equal(MatchLevel.Absent, BirthDateComparer.Compare(BirthDate.None, r).Level);
    }
}
