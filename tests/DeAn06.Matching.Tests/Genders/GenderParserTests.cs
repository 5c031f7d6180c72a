using System.Text;
using DeAn06.Matching.Genders;

namespace DeAn06.Matching.Tests.Genders;

public sealed class GenderParserTests
{
    [Theory]
    [InlineData("Nam", Gender.Male)]
    [InlineData("NAM", Gender.Male)]
    [InlineData("M", Gender.Male)]
    [InlineData("male", Gender.Male)]
    [InlineData("1", Gender.Male)]
    [InlineData("Nữ", Gender.Female)]
    [InlineData("NỮ", Gender.Female)]
    [InlineData("Nu", Gender.Female)]
    [InlineData("F", Gender.Female)]
    [InlineData("2", Gender.Female)]
    [InlineData("0", Gender.Unknown)]
    [InlineData("x", Gender.Unknown)]
    [InlineData("", Gender.Unknown)]
    public void Parse_QcvnCoding(string text, Gender expected)
    {
        Assert.Equal(expected, GenderParser.Parse(text));
    }

    [Fact]
    public void Parse_NfdNu_Female()
    {
        Assert.Equal(Gender.Female, GenderParser.Parse("Nữ".Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void Parse_OneZeroCoding_ZeroIsFemale()
    {
        Assert.Equal(Gender.Female, GenderParser.Parse("0", GenderCoding.OneZero));
        Assert.Equal(Gender.Male, GenderParser.Parse("1", GenderCoding.OneZero));
    }
}
