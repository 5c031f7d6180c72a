using System.Text;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Tests.Text;

public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("Nguyễn Thị Minh Khai", "nguyen thi minh khai")]
    [InlineData("ĐẶNG VĂN ĐỨC", "dang van duc")]
    [InlineData("đ Đ", "d d")]
    [InlineData("  Lê   Văn\tTám ", "le van tam")]
    [InlineData("Trần-Thị.Hồng", "tran thi hong")]
    [InlineData("Giàng A Páo", "giang a pao")]
    [InlineData("Ưng Ơn Ữ", "ung on u")]
    public void ToFolded_VietnameseText_NoMarksLowerCaseSingleSpaces(string input, string expected)
    {
        Assert.Equal(expected, VietnameseText.ToFolded(input));
    }

    [Fact]
    public void ToFolded_NfdInput_SameAsNfc()
    {
        const string name = "Nguyễn Thị Phượng Đào";
        Assert.Equal(VietnameseText.ToFolded(name), VietnameseText.ToFolded(name.Normalize(NormalizationForm.FormD)));
    }

    [Fact]
    public void ToEquivalent_NfdUpperCaseExtraSpaces_SameAsNfc()
    {
        const string name = "Nguyễn Thị Phượng";
        string messy = "  " + name.ToUpperInvariant().Normalize(NormalizationForm.FormD).Replace(" ", "   ", StringComparison.Ordinal) + " ";
        Assert.Equal(VietnameseText.ToEquivalent(name), VietnameseText.ToEquivalent(messy));
        Assert.Equal("nguyễn thị phượng", VietnameseText.ToEquivalent(name));
    }

    [Theory]
    [InlineData("Hoà", "Hòa")]
    [InlineData("Thuỷ", "Thủy")]
    [InlineData("Khoẻ", "Khỏe")]
    [InlineData("Nguyễn Thị Thuý", "Nguyễn Thị Thúy")]
    public void ToEquivalent_OldAndNewTonePlacement_Equal(string newStyle, string oldStyle)
    {
        Assert.Equal(VietnameseText.ToEquivalent(oldStyle), VietnameseText.ToEquivalent(newStyle));
    }

    [Theory]
    [InlineData("Quý", "quý")]
    [InlineData("Hoàng", "hoàng")]
    [InlineData("Toàn", "toàn")]
    public void ToEquivalent_NotAnOpenOaOeUySyllable_ToneStays(string input, string expected)
    {
        Assert.Equal(expected, VietnameseText.ToEquivalent(input));
    }

    [Theory]
    [InlineData("H’Mông", "h'mông")]
    [InlineData("H'Mông", "h'mông")]
    public void ToEquivalent_TypographicApostrophe_SameAsAscii(string input, string expected)
    {
        Assert.Equal(expected, VietnameseText.ToEquivalent(input));
    }

    [Theory]
    [InlineData("Nguyen Van A", false)]
    [InlineData("Nguyễn", true)]
    [InlineData("Dang", false)]
    [InlineData("Đang", true)]
    public void HasDiacritics_Text_DetectsMarksAndD(string input, bool expected)
    {
        Assert.Equal(expected, VietnameseText.HasDiacritics(input));
        Assert.Equal(expected, VietnameseText.HasDiacritics(input.Normalize(NormalizationForm.FormD)));
    }

    [Theory]
    [InlineData("Nguyễn\u200BVăn", "nguyễn văn")]
    [InlineData("Ng\u00ADuy\u200Cễn\u200D V\u2060ăn\uFEFF", "nguyễn văn")]
    [InlineData("\u202ANguyễn Văn\u202C", "nguyễn văn")]
    [InlineData("ÐỖ ðức Ɖông", "đỗ đức đông")]
    public void ToEquivalent_FormatCharactersAndLookAlikes_Normalised(string input, string expected)
    {
        Assert.Equal(expected, VietnameseText.ToEquivalent(input));
        Assert.Equal(expected, VietnameseText.ToEquivalent(input.Normalize(NormalizationForm.FormD)));
        Assert.Equal(VietnameseText.ToFolded(expected), VietnameseText.ToFolded(input));
    }

    /// <summary>
    /// A capital whose mark has a precomposed form only in lower case (ẖ, ẗ, ǰ): composing before
    /// lower-casing left "h" + U+0331, which a second pass composed, so the form was not stable.
    /// Found by <see cref="VietnameseTextProperties"/>.
    /// </summary>
    [Theory]
    [InlineData("H\u0331", "\u1E96")]
    [InlineData("T\u0308i", "\u1E97i")]
    [InlineData("J\u030C 4", "\u01F0 4")]
    public void ToEquivalent_CapitalWhoseMarkComposesOnlyInLowerCase_ComposedAndStable(string input, string expected)
    {
        string once = VietnameseText.ToEquivalent(input);
        Assert.Equal(expected, once);
        Assert.Equal(once, VietnameseText.ToEquivalent(once));
    }

    [Theory]
    [InlineData("\u212B", "a")] // Ångström sign: lower-cases to å (U+00E5), which folds to a
    [InlineData("Nguy\u212Bn", "nguyan")]
    public void ToFolded_LetterThatLowerCasesIntoTheTable_FoldedAtOnceAndStable(string input, string expected)
    {
        string once = VietnameseText.ToFolded(input);
        Assert.Equal(expected, once);
        Assert.Equal(once, VietnameseText.ToFolded(once));
    }

    [Theory]
    [InlineData("\u0130", "i")] // İ: decomposes to I + U+0307, whose base letter is upper case
    [InlineData("`\u0130\u00EC", "ii")]
    public void ToFolded_LetterWhoseBaseIsUpperCase_FoldedToLowerCaseAndStable(string input, string expected)
    {
        string once = VietnameseText.ToFolded(input);
        Assert.Equal(expected, once);
        Assert.Equal(once, VietnameseText.ToFolded(once));
    }

    /// <summary>
    /// Every UTF-16 code unit on its own, and every Latin letter followed by every combining mark,
    /// is a fixed point after one pass of either form: the random properties found two letters that
    /// were not (the Ångström sign, İ); this covers the whole table instead of a sample.
    /// </summary>
    [Fact]
    public void ToFoldedAndToEquivalent_EverySingleCharacterAndLatinLetterWithMark_StableAfterOnePass()
    {
        var failures = new List<string>();
        void Check(string s)
        {
            string folded = VietnameseText.ToFolded(s);
            if (VietnameseText.ToFolded(folded) != folded)
            {
                failures.Add($"fold U+{string.Join("+", s.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))} → '{folded}'");
            }

            string equivalent = VietnameseText.ToEquivalent(s);
            if (VietnameseText.ToEquivalent(equivalent) != equivalent)
            {
                failures.Add($"equivalent U+{string.Join("+", s.Select(c => ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)))} → '{equivalent}'");
            }
        }

        for (int c = 0; c <= 0xFFFF; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                Check(((char)c).ToString());
            }
        }

        for (int c = 0x41; c <= 0x24F; c++)
        {
            if (!char.IsLetter((char)c))
            {
                continue;
            }

            for (int mark = 0x300; mark <= 0x36F; mark++)
            {
                Check(new string([(char)c, (char)mark]));
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} not stable, e.g.: {string.Join("; ", failures.Take(20))}");
    }
}
