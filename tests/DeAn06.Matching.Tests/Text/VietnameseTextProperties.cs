using System.Text;
using DeAn06.Matching.Tests.Names;
using DeAn06.Matching.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DeAn06.Matching.Tests.Text;

/// <summary>
/// The normalisation every comparison starts from: applying it twice changes nothing, and the same name
/// in another Unicode form, case, spacing, with invisible format characters or look-alike letters
/// (<see cref="NameComparerProperties.Noise"/>) normalises to the same text.
/// </summary>
public sealed class VietnameseTextProperties
{
    /// <summary>
    /// Any text a record may carry: ASCII, precomposed Vietnamese letters, combining marks (NFD),
    /// spaces and separators of every kind, format characters, other scripts. Lone surrogates are left
    /// out: request bodies are decoded from UTF-8, which cannot carry them.
    /// </summary>
    private static Gen<string> AnyText => Text(otherScripts: true);

    /// <summary>The same without other scripts: what a Vietnamese record carries, typed or pasted.</summary>
    private static Gen<string> RecordText => Text(otherScripts: false);

    private static Gen<string> NameOrAnyText => Gen.OneOf(NameComparerProperties.Name, AnyText);

    private static Gen<string> Text(bool otherScripts) =>
        Gen.ArrayOf(Gen.Frequency(
            (4, Gen.Choose(0x20, 0x7E)),
            (4, Gen.Elements("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵÁÀẢÃẠÝỲỶỸỴÐðƉɖ".Select(c => (int)c).ToArray())),
            (2, Gen.Choose(0x0300, 0x036F)),
            (2, Gen.Elements(0x09, 0x0A, 0x0D, 0xA0, 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x3000, 0x2028, 0x202E, 0x061C)),
            (otherScripts ? 1 : 0, Gen.Choose(0x00A1, 0xD7FF)),
            (otherScripts ? 1 : 0, Gen.Choose(0xE000, 0xFFFD)))
            .Select(c => (char)c))
        .Select(chars => new string(chars));

    [Property(MaxTest = 1000)]
    public Property ToEquivalent_AppliedTwice_SameAsOnce() =>
        Prop.ForAll(NameOrAnyText.ToArbitrary(), s =>
        {
            string once = VietnameseText.ToEquivalent(s);
            return (VietnameseText.ToEquivalent(once) == once).Label($"'{Escape(s)}' → '{Escape(once)}' → '{Escape(VietnameseText.ToEquivalent(once))}'");
        });

    [Property(MaxTest = 1000)]
    public Property ToFolded_AppliedTwice_SameAsOnce() =>
        Prop.ForAll(NameOrAnyText.ToArbitrary(), s =>
        {
            string once = VietnameseText.ToFolded(s);
            return (VietnameseText.ToFolded(once) == once).Label($"'{Escape(s)}' → '{Escape(once)}' → '{Escape(VietnameseText.ToFolded(once))}'");
        });

    [Property(MaxTest = 1000)]
    public Property ToEquivalentAndToFolded_NameWithNoise_SameAsName() =>
        Prop.ForAll(
            (from name in NameComparerProperties.Name from noise in NameComparerProperties.Noise select (name, noisy: noise(name))).ToArbitrary(),
            t => (VietnameseText.ToEquivalent(t.noisy) == VietnameseText.ToEquivalent(t.name)
                    && VietnameseText.ToFolded(t.noisy) == VietnameseText.ToFolded(t.name))
                .Label($"'{Escape(t.noisy)}' → '{VietnameseText.ToEquivalent(t.noisy)}', expected '{VietnameseText.ToEquivalent(t.name)}'"));

    /// <summary>
    /// The equivalent form of Vietnamese text is NFC, lower case, single-spaced and free of format
    /// characters. (Not of any script: the CJK compatibility ideographs, say, are left as they are,
    /// although NFC would replace them; no name on record carries them.)
    /// </summary>
    [Property(MaxTest = 1000)]
    public Property ToEquivalent_RecordText_NfcLowerCaseSingleSpacedNoFormatCharacters() =>
        Prop.ForAll(Gen.OneOf(NameComparerProperties.Name, RecordText).ToArbitrary(), s =>
        {
            string e = VietnameseText.ToEquivalent(s);
            return (e.IsNormalized(NormalizationForm.FormC)
                    && string.Equals(e, e.ToLowerInvariant(), StringComparison.Ordinal)
                    && !e.StartsWith(' ') && !e.EndsWith(' ') && !e.Contains("  ", StringComparison.Ordinal)
                    && !e.Any(VietnameseText.IsFormatCharacter))
                .Label($"'{Escape(s)}' → '{Escape(e)}'");
        });

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
