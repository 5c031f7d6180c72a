using System.Globalization;
using System.Text;

namespace DeAn06.Matching.Text;

/// <summary>
/// Vietnamese-aware text normalisation on spans, without allocation for NFC input.
/// </summary>
/// <remarks>
/// Two forms are produced. The <em>equivalent</em> form is NFC, lower case, with runs of white space
/// and punctuation collapsed to one space, invisible format characters dropped (a zero-width space
/// is a word break) and the look-alikes Ð/ð, Ɖ/ɖ read as Đ/đ: two strings with the same equivalent
/// form differ only by Unicode form, case, spacing or such invisible or look-alike characters. The <em>folded</em> form additionally drops every tone and vowel
/// mark and maps đ to d (đ does not decompose under NFD, so stripping combining marks alone leaves it).
/// </remarks>
public static class VietnameseText
{
    private const char FirstMapped = '\u00C0';
    private const char LastMapped = '\u1EFF';

    // Per-character tables for the Latin-1, Latin Extended and Vietnamese blocks, computed once.
    private static readonly char[] LowerTable = BuildTable(fold: false);
    private static readonly char[] FoldTable = BuildTable(fold: true);

    /// <summary>The largest input, in UTF-16 code units, that the span overloads accept.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// Writes the equivalent form (NFC, lower case, collapsed separators) of <paramref name="input"/>
    /// into <paramref name="destination"/> and returns its length.
    /// </summary>
    /// <remarks>NFD input is composed first, which allocates; NFC and ASCII input never allocates.</remarks>
    public static int ToEquivalent(ReadOnlySpan<char> input, Span<char> destination)
    {
        if (HasCombiningMark(input))
        {
            // Rare path: decomposed input (macOS, some web forms). Composition needs the BCL.
            // Format characters are dropped first so that none sits between a letter and its mark,
            // and case is lowered before composing: some marks compose with a lower-case letter only
            // (h + U+0331 is ẖ; H + U+0331 has no precomposed form), so the result stays stable.
            string composed = WithoutFormatCharacters(input).ToLowerInvariant().Normalize(NormalizationForm.FormC);
            return CanonicalTones(destination[..Map(composed, destination, LowerTable, skipMarks: false)]);
        }

        return CanonicalTones(destination[..Map(input, destination, LowerTable, skipMarks: false)]);
    }

    /// <summary>
    /// Writes the folded form (equivalent form without any diacritics, đ→d) of
    /// <paramref name="input"/> into <paramref name="destination"/> and returns its length.
    /// Works on NFC and NFD input alike, without allocation.
    /// </summary>
    public static int ToFolded(ReadOnlySpan<char> input, Span<char> destination) =>
        Map(input, destination, FoldTable, skipMarks: true);

    /// <summary>Returns the equivalent form as a new string.</summary>
    public static string ToEquivalent(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<char> buffer = input.Length <= MaxLength ? stackalloc char[MaxLength] : new char[input.Length * 2];
        return new string(buffer[..ToEquivalent(input, buffer)]);
    }

    /// <summary>Returns the folded form as a new string.</summary>
    public static string ToFolded(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Span<char> buffer = input.Length <= MaxLength ? stackalloc char[MaxLength] : new char[input.Length];
        return new string(buffer[..ToFolded(input, buffer)]);
    }

    /// <summary>True when the text carries any Vietnamese mark (tone, vowel mark or đ).</summary>
    public static bool HasDiacritics(ReadOnlySpan<char> input)
    {
        foreach (char c in input)
        {
            if (c >= FirstMapped && c <= LastMapped && FoldTable[c - FirstMapped] != LowerTable[c - FirstMapped])
            {
                return true;
            }

            if (IsCombiningMark(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the text contains a combining mark, i.e. is (partly) decomposed.</summary>
    public static bool HasCombiningMark(ReadOnlySpan<char> input)
    {
        foreach (char c in input)
        {
            if (IsCombiningMark(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCombiningMark(char c) => c is >= '\u0300' and <= '\u036F';

    /// <summary>
    /// Invisible format characters (Unicode category Cf: U+200B–U+200D, U+2060, U+FEFF, U+00AD, bidi
    /// controls…) carry no letter. Copy-paste from web pages and legacy exports leaves them in names
    /// and numbers; they are dropped, except the zero-width space, which marks a word break.
    /// </summary>
    public static bool IsFormatCharacter(char c) =>
        c is '\u00AD' || (c >= '\u0600' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    private static string WithoutFormatCharacters(ReadOnlySpan<char> input)
    {
        var sb = new StringBuilder(input.Length);
        foreach (char c in input)
        {
            if (c == ZeroWidthSpace)
            {
                sb.Append(' ');
            }
            else if (!IsFormatCharacter(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private const char ZeroWidthSpace = '\u200B';

    /// <summary>What <see cref="MapChar"/> returns for a character that is dropped.</summary>
    private const char Dropped = '\0';

    // Toned forms of the vowels whose tone placement differs between the old and new orthography,
    // in the order acute, grave, hook, tilde, dot.
    private const string TonedA = "áàảãạ";
    private const string TonedE = "éèẻẽẹ";
    private const string TonedY = "ýỳỷỹỵ";
    private const string TonedO = "óòỏõọ";
    private const string TonedU = "úùủũụ";

    /// <summary>
    /// Puts the tone of open syllables ending in oa, oe, uy on the first vowel ("hoà" → "hòa",
    /// "thuỷ" → "thủy"): both spellings are in use for the same name. "qu" + y keeps its tone on y.
    /// </summary>
    private static int CanonicalTones(Span<char> text)
    {
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != ' ')
            {
                continue;
            }

            int end = i; // token is text[start..end)
            if (end - start >= 2)
            {
                char v1 = text[end - 2];
                char v2 = text[end - 1];
                int tone;
                string? toned1 = null;
                if (v1 == 'o' && (tone = TonedA.IndexOf(v2)) >= 0)
                {
                    toned1 = TonedO;
                    text[end - 1] = 'a';
                }
                else if (v1 == 'o' && (tone = TonedE.IndexOf(v2)) >= 0)
                {
                    toned1 = TonedO;
                    text[end - 1] = 'e';
                }
                else if (v1 == 'u' && (tone = TonedY.IndexOf(v2)) >= 0 && !(end - 3 >= start && text[end - 3] == 'q'))
                {
                    toned1 = TonedU;
                    text[end - 1] = 'y';
                }
                else
                {
                    tone = -1;
                }

                if (toned1 is not null)
                {
                    text[end - 2] = toned1[tone];
                }
            }

            start = i + 1;
        }

        return text.Length;
    }

    private static int Map(ReadOnlySpan<char> input, Span<char> destination, char[] table, bool skipMarks)
    {
        int length = 0;
        bool pendingSeparator = false;
        foreach (char raw in input)
        {
            if (skipMarks && IsCombiningMark(raw))
            {
                continue;
            }

            char c = MapChar(raw, table);
            if (c == Dropped)
            {
                continue;
            }

            if (c == ' ')
            {
                pendingSeparator = length > 0;
                continue;
            }

            if (pendingSeparator)
            {
                if (length >= destination.Length)
                {
                    break;
                }

                destination[length++] = ' ';
                pendingSeparator = false;
            }

            if (length >= destination.Length)
            {
                break;
            }

            destination[length++] = c;
        }

        return length;
    }

    private static char MapChar(char c, char[] table)
    {
        if (c < 0x80)
        {
            if (c is >= 'A' and <= 'Z')
            {
                return (char)(c + 32);
            }

            // Letters, digits and the apostrophe of names such as H'Mông are kept; anything else separates.
            return c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '\'' ? c : ' ';
        }

        if (c >= FirstMapped && c <= LastMapped)
        {
            return table[c - FirstMapped];
        }

        if (c == ZeroWidthSpace)
        {
            return ' ';
        }

        if (IsFormatCharacter(c))
        {
            return Dropped;
        }

        if (c is '\u2019' or '\u2018' or '\u02BC')
        {
            // Typographic apostrophes in H’Mông, K’Ho... are the same letter as the ASCII one.
            return '\'';
        }

        if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSeparator(c) || char.IsSymbol(c))
        {
            return ' ';
        }

        // A letter outside the table may lower-case into it (the Ångström sign U+212B into å, U+00E5):
        // that letter is then mapped like any other, or a second pass would fold it further.
        char lower = char.ToLowerInvariant(c);
        return lower == c ? c : MapChar(lower, table);
    }

    private static char[] BuildTable(bool fold)
    {
        var table = new char[LastMapped - FirstMapped + 1];
        for (int i = 0; i < table.Length; i++)
        {
            char c = (char)(FirstMapped + i);
            char lower = char.ToLowerInvariant(c);
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                table[i] = Dropped;
                continue;
            }

            if (char.IsPunctuation(c) || char.IsSymbol(c) || char.IsWhiteSpace(c) || char.IsSeparator(c))
            {
                table[i] = ' ';
                continue;
            }

            if (lower is '\u00F0' or '\u0256')
            {
                // Ð/ð (Icelandic eth, U+00D0/U+00F0) and Ɖ/ɖ (African D, U+0189/U+0256) look like Đ/đ
                // and stand for it in legacy data (fonts and code pages without Đ): the same letter.
                lower = 'đ';
            }

            if (!fold)
            {
                table[i] = lower;
                continue;
            }

            if (lower == 'đ')
            {
                table[i] = 'd';
                continue;
            }

            string decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            bool marksOnly = decomposed.Length > 1;
            for (int k = 1; k < decomposed.Length; k++)
            {
                marksOnly &= CharUnicodeInfo.GetUnicodeCategory(decomposed[k]) == UnicodeCategory.NonSpacingMark;
            }

            // The base letter is lowered again: İ (U+0130) has no simple lower-case mapping of its own
            // but decomposes to I + U+0307, and a capital base would be lowered by a second pass.
            table[i] = marksOnly ? char.ToLowerInvariant(decomposed[0]) : lower;
        }

        return table;
    }
}
