using DeAn06.Matching.Comparison;
using DeAn06.Matching.Names;
using DeAn06.Matching.Policies;

namespace DeAn06.Matching.Tests.Names;

/// <summary>Each defect of issue 14, as a pair the old comparer graded wrongly.</summary>
public sealed class NameEquivalenceDefectTests
{
    private static bool TolerantAccepts(FieldComparison name) =>
        MatchPolicies.Tolerant.Accepts(new RecordComparison(name, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Absent), out _, out _);

    private static bool StrictAccepts(FieldComparison name) =>
        MatchPolicies.Strict.Accepts(new RecordComparison(name, FieldComparison.Exact, FieldComparison.Exact, FieldComparison.Absent), out _, out _);

    [Theory]
    [InlineData("Nguyễn Hoàng Minh", "Nguyễn Minh Hoàng")] // middle and given swapped: two people
    [InlineData("Minh Hoàng Nguyễn", "Nguyễn Hoàng Minh")] // reversed: not a documented rotation
    [InlineData("Hoàng Nguyễn Minh", "Nguyễn Hoàng Minh")]
    [InlineData("Trần Thị Lan Anh", "Trần Thị Anh Lan")]
    public void Compare_OtherWordOrder_DifferentAndRefused(string sector, string reference)
    {
        FieldComparison c = NameComparer.Compare(sector, reference);
        Assert.Equal(MatchLevel.Different, c.Level);
        Assert.False(TolerantAccepts(c));
    }

    [Theory]
    [InlineData("Khai Nguyễn Thị Minh", "Nguyễn Thị Minh Khai")] // given name written first
    [InlineData("Thị Minh Khai Nguyễn", "Nguyễn Thị Minh Khai")] // family name written last
    [InlineData("Minh Nguyễn Hoàng", "Nguyễn Hoàng Minh")]
    [InlineData("Lan Nguyễn", "Nguyễn Lan")]
    public void Compare_DocumentedRotation_PartialAndAccepted(string sector, string reference)
    {
        FieldComparison c = NameComparer.Compare(sector, reference);
        Assert.Equal(MatchLevel.Partial, c.Level);
        Assert.True(TolerantAccepts(c));
    }

    [Theory]
    [InlineData("Nguyễn Văn Thi", "Nguyễn Văn Thì")]
    [InlineData("Trần Văn Sanh", "Trần Văn Sạnh")]
    [InlineData("Lê Thị Sa", "Lê Thị Sả")]
    [InlineData("Phạm Văn Duy", "Phạm Văn Dụy")]
    [InlineData("Nguyễn Văn Thì", "Nguyễn Văn Thi")] // the reference's unmarked given name is deliberate too
    [InlineData("Võ Thanh Chính", "Võ Thanh Chinh")]
    [InlineData("Nguyễn Thanh Tùng", "Nguyễn Thành Tùng")] // the same rule for a middle name
    [InlineData("Nguyễn Thi Lan", "Nguyễn Thị Lan")]
    [InlineData("Nguyễn Thành Tùng", "Nguyen Thanh Tung")] // the population DB's own unmarked words are as written
    public void Compare_UnmarkedGivenNameAmongMarkedWords_NotTakenForStripped(string sector, string reference)
    {
        FieldComparison c = NameComparer.Compare(sector, reference);
        Assert.NotEqual(MatchLevel.NoDiacritics, c.Level);
        Assert.False(TolerantAccepts(c));
    }

    [Theory]
    [InlineData("NGUYEN VAN THI", "Nguyễn Văn Thì")] // every word stripped: a system without marks
    [InlineData("Nguyễn Văn Viet", "Nguyễn Văn Việt")] // "Viet" cannot carry the level tone: it lost its marks
    public void Compare_StrippedName_NoDiacriticsAndAcceptedByTolerant(string sector, string reference)
    {
        FieldComparison c = NameComparer.Compare(sector, reference);
        Assert.Equal(MatchLevel.NoDiacritics, c.Level);
        Assert.True(TolerantAccepts(c));
    }

    [Theory]
    [InlineData("Phan Văn Hùng", "Phạm Văn Hùng")] // family
    [InlineData("Trần Văn Hùng", "Trịnh Văn Hùng")]
    [InlineData("Hồ Văn Hùng", "Võ Văn Hùng")]
    [InlineData("Nguyễn Tuấn Anh", "Nguyễn Xuân Anh")] // middle
    [InlineData("Lê Minh Đức", "Lê Mạnh Đức")]
    [InlineData("Nguyễn Tuân Anh", "Nguyễn Tuấn Anh")] // middle, tone only
    [InlineData("Lê Thị An", "Lê Thị Anh")] // given
    [InlineData("Nguyễn Văn Hưng", "Nguyễn Văn Hùng")]
    [InlineData("PHAN VAN HUNG", "Phạm Văn Hùng")] // stripped, and still another family name
    [InlineData("Quách Thị Điệu", "Quách Thị Diệu")] // the population DB's D is no lost stroke
    public void Compare_CommonNameTurnedIntoAnother_DifferentInEveryPosition(string sector, string reference)
    {
        FieldComparison c = NameComparer.Compare(sector, reference);
        Assert.Equal(MatchLevel.Different, c.Level);
        Assert.False(TolerantAccepts(c));
    }

    [Theory]
    [InlineData("Ðỗ Văn Ðức", "Đỗ Văn Đức")]
    [InlineData("ðỗ văn ðức", "Đỗ Văn Đức")]
    [InlineData("Ɖỗ Văn Ɖức", "Đỗ Văn Đức")]
    public void Compare_LegacyEthForDStroke_Equivalent(string sector, string reference)
    {
        FieldComparison c = NameComparer.Compare(sector, reference);
        Assert.Equal(MatchLevel.Equivalent, c.Level);
        Assert.True(StrictAccepts(c));
    }

    [Theory]
    [InlineData("Nguyễn\u200BVăn\u200BAn")] // zero-width space as the only word break
    [InlineData("Nguyễn \u200BVăn An\u200B")]
    [InlineData("Ng\u00ADuyễn Văn An")] // soft hyphen
    [InlineData("Nguyễn Vă\u200Cn An")]
    [InlineData("Nguyễn Văn A\u200Dn")]
    [InlineData("\uFEFFNguyễn Văn An")]
    [InlineData("Nguyễn Văn\u2060 An")]
    public void Compare_FormatCharacters_DroppedEquivalent(string sector)
    {
        FieldComparison c = NameComparer.Compare(sector, "Nguyễn Văn An");
        Assert.Equal(MatchLevel.Equivalent, c.Level);
        Assert.True(StrictAccepts(c));
    }

    [Fact]
    public void Compare_NamesDifferingAfterTheEighthWord_Different()
    {
        const string head = "Nguyễn Phúc Vĩnh Thụy Bảo Long Bảo Đại Minh";
        FieldComparison c = NameComparer.Compare(head + " Hùng", head + " Dũng");
        Assert.Equal(MatchLevel.Different, c.Level);
        Assert.False(TolerantAccepts(c));
    }

    [Fact]
    public void Compare_NineWordNames_EqualAreExactOrEquivalent()
    {
        const string name = "Nguyễn Phúc Vĩnh Thụy Bảo Long Bảo Đại Minh Hùng";
        Assert.Equal(MatchLevel.Equivalent, NameComparer.Compare(name.ToUpperInvariant(), name).Level);
    }

    [Fact]
    public void Compare_NamesDifferingAfter128Characters_NotEquivalent()
    {
        string head = "Nguyễn Thị " + string.Join(' ', Enumerable.Repeat("Hoàng", 22));
        Assert.True(head.Length > 128);
        FieldComparison c = NameComparer.Compare(head + " Lan", head + " Hùng");
        Assert.Equal(MatchLevel.Different, c.Level);
        Assert.False(TolerantAccepts(c));
    }

    [Fact]
    public void Compare_LongerThanComparable_RefusedNotTruncated()
    {
        string tail = new('a', 300);
        FieldComparison c = NameComparer.Compare("Nguyễn " + tail + "b", "Nguyễn " + tail + "c");
        Assert.Equal(MatchLevel.Different, c.Level);
    }

    [Fact]
    public void Compare_OneLetterTypo_SameScoreWhateverTheLength()
    {
        FieldComparison two = NameComparer.Compare("Lê Hạnb", "Lê Hạnh");
        FieldComparison three = NameComparer.Compare("Lê Thị Hạnb", "Lê Thị Hạnh");
        FieldComparison four = NameComparer.Compare("Lê Thị Minh Hạnb", "Lê Thị Minh Hạnh");
        Assert.Equal(MatchLevel.Fuzzy, two.Level);
        Assert.Equal(three, two);
        Assert.Equal(four, two);
        Assert.True(TolerantAccepts(two));
    }

    [Theory]
    [InlineData("Ksơr H'Blông", "Ksor H'Blông")] // Jarai: outside Kinh spelling, a letter apart is no proof of a slip
    [InlineData("Rơ Mah Blưk", "Rơ Mah Bluk")]
    public void Compare_OneLetterApartInANameOutsideKinhSpelling_NotAccepted(string sector, string reference)
    {
        Assert.False(TolerantAccepts(NameComparer.Compare(sector, reference)));
    }
}
