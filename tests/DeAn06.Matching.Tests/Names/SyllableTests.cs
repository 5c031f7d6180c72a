using DeAn06.Matching.Names;

namespace DeAn06.Matching.Tests.Names;

public sealed class SyllableTests
{
    [Theory]
    [InlineData("nguyễn")]
    [InlineData("thị")]
    [InlineData("thi")]
    [InlineData("thanh")]
    [InlineData("quỳnh")]
    [InlineData("quyên")]
    [InlineData("giữ")]
    [InlineData("gì")]
    [InlineData("yến")]
    [InlineData("phương")]
    [InlineData("khuyên")]
    [InlineData("ngọc")]
    [InlineData("việt")]
    [InlineData("lý")]
    [InlineData("huynh")]
    [InlineData("nghiêm")]
    [InlineData("đặng")]
    public void IsPossible_VietnameseSyllable_True(string word)
    {
        Assert.True(Syllable.IsPossible(word));
    }

    [Theory]
    [InlineData("nguyen")] // yê needs its circumflex
    [InlineData("viet")]
    [InlineData("ngoc")] // a stop final takes the acute or the dot only
    [InlineData("ngòc")]
    [InlineData("bich")]
    [InlineData("qang")]
    [InlineData("ngyễn")]
    [InlineData("phnan")]
    [InlineData("xuan")] // uân needs its circumflex; "uan" only after qu
    [InlineData("phuong")]
    [InlineData("yen")]
    [InlineData("huu")]
    [InlineData("hnùg")]
    [InlineData("ksor")]
    public void IsPossible_NoSyllable_False(string word)
    {
        Assert.False(Syllable.IsPossible(word));
    }
}
