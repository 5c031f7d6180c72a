using System.Text;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Names;

namespace DeAn06.Matching.Tests.Names;

public sealed class NameComparerTests
{
    [Theory]
    [InlineData("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai", MatchLevel.Exact)]
    [InlineData("NGUYỄN THỊ MINH KHAI", "Nguyễn Thị Minh Khai", MatchLevel.Equivalent)]
    [InlineData("nguyễn  thị minh   khai", "Nguyễn Thị Minh Khai", MatchLevel.Equivalent)]
    [InlineData("Lê Thị Thuý", "Lê Thị Thúy", MatchLevel.Equivalent)]
    [InlineData("Nguyen Thi Minh Khai", "Nguyễn Thị Minh Khai", MatchLevel.NoDiacritics)]
    [InlineData("NGUYEN THI MINH KHAI", "Nguyễn Thị Minh Khai", MatchLevel.NoDiacritics)]
    [InlineData("Nguyễn Thi Lan", "Nguyễn Thị Lan", MatchLevel.Different)]
    [InlineData("Nguyễn Khai", "Nguyễn Thị Minh Khai", MatchLevel.Partial)]
    [InlineData("Nguyễn Minh Khai", "Nguyễn Thị Minh Khai", MatchLevel.Partial)]
    [InlineData("Nguyễn Thị Minh Khai", "Nguyễn Minh Khai", MatchLevel.Partial)]
    [InlineData("Khai Nguyễn Thị Minh", "Nguyễn Thị Minh Khai", MatchLevel.Partial)]
    [InlineData("Nguyễn Thị Minh Khia", "Nguyễn Thị Minh Khai", MatchLevel.Fuzzy)]
    [InlineData("Ngyễn Thị Minh Khai", "Nguyễn Thị Minh Khai", MatchLevel.Fuzzy)]
    [InlineData("Lêh Thị Minh Hạnh", "Lê Thị Minh Hạnh", MatchLevel.Fuzzy)]
    [InlineData("Phnan Quang Tuấn", "Phan Quang Tuấn", MatchLevel.Fuzzy)]
    [InlineData("Nguyễn Văn Húng", "Nguyễn Văn Hùng", MatchLevel.Fuzzy)]
    [InlineData("Nguyễn Văn Hưng", "Nguyễn Văn Hùng", MatchLevel.Different)]
    [InlineData("Minh Khai Nguyễn Thị", "Nguyễn Thị Minh Khai", MatchLevel.Partial)]
    [InlineData("Nguyễn Văn Viet", "Nguyễn Văn Việt", MatchLevel.NoDiacritics)]
    [InlineData("Lí Văn Long", "Lý Văn Long", MatchLevel.Fuzzy)]
    [InlineData("Nguyễn Văn An", "Nguyễn Văn Anh", MatchLevel.Different)]
    [InlineData("Trần Văn Bình", "Nguyễn Thị Minh Khai", MatchLevel.Different)]
    [InlineData("Nguyễn Thị Lan", "Nguyễn Thị Lam", MatchLevel.Different)]
    public void Compare_Pairs_Level(string sector, string reference, MatchLevel expected)
    {
        Assert.Equal(expected, NameComparer.Compare(sector, reference).Level);
    }

    [Fact]
    public void Compare_NfdInput_Equivalent()
    {
        const string name = "Phạm Thị Thu Hường";
        Assert.Equal(MatchLevel.Equivalent, NameComparer.Compare(name.Normalize(NormalizationForm.FormD), name).Level);
    }

    [Theory]
    [InlineData("Sùng A Páo", "SÙNG A PÁO", MatchLevel.Equivalent)]
    [InlineData("Sung A Pao", "Sùng A Páo", MatchLevel.NoDiacritics)]
    [InlineData("Hoàng Thị Nông", "Hoàng Thị Nông", MatchLevel.Exact)]
    [InlineData("Lường Văn Pấng", "Lường Văn Pâng", MatchLevel.Fuzzy)]
    [InlineData("Triệu Tòn Phẩy", "Triệu Phẩy", MatchLevel.Partial)]
    public void Compare_MinorityNames_Level(string sector, string reference, MatchLevel expected)
    {
        Assert.Equal(expected, NameComparer.Compare(sector, reference).Level);
    }

    [Fact]
    public void Compare_ToneSlipSpellingNoSyllable_ScoredAboveOneSpellingAPossibleName()
    {
        FieldComparison possible = NameComparer.Compare("Nguyễn Văn Húng", "Nguyễn Văn Hùng");
        FieldComparison impossible = NameComparer.Compare("Nguyễn Văn Ngòc", "Nguyễn Văn Ngọc");
        Assert.Equal(MatchLevel.Fuzzy, possible.Level);
        Assert.Equal(MatchLevel.Fuzzy, impossible.Level);
        Assert.True(possible.Score < impossible.Score);
    }

    [Theory]
    [InlineData(null, "Nguyễn Văn A")]
    [InlineData("  ", "Nguyễn Văn A")]
    [InlineData("Nguyễn Văn A", "")]
    [InlineData("...", "Nguyễn Văn A")]
    public void Compare_Missing_Absent(string? sector, string reference)
    {
        Assert.Equal(MatchLevel.Absent, NameComparer.Compare(sector, reference).Level);
    }

    [Fact]
    public void Compare_Scores_OrderedByLevel()
    {
        float Score(string a, string b) => NameComparer.Compare(a, b).Score;
        const string name = "Nguyễn Thị Minh Khai";
        Assert.Equal(1f, Score(name, name));
        Assert.True(Score("Nguyen Thi Minh Khai", name) > Score("Nguyễn Khai", name));
        Assert.Equal(0f, Score("Trần Văn Bình", name));
    }
}
