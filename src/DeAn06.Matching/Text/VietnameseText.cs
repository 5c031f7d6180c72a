using System.Globalization;
using System.Text;

namespace DeAn06.Matching.Text;

/// <summary>
/// Vietnamese-aware text normalisation on spans, without allocation for NFC input.
/// </summary>
/// <remarks>
/// Two forms are produced. The <em>equivalent</em> form is NFC, lower case, with runs of white space
/// and punctuation collapsed to one space: two strings with the same equivalent form differ only by
/// Unicode form, case or spacing. The <em>folded</em> form additionally drops every tone and vowel
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
            string composed = input.ToString().Normalize(NormalizationForm.FormC);
            return Map(composed, destination, LowerTable, skipMarks: false);
        }

        return Map(input, destination, LowerTable, skipMarks: false);
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

        if (c is '\u2019' or '\u2018' or '\u02BC')
        {
            // Typographic apostrophes in H’Mông, K’Ho... are the same letter as the ASCII one.
            return '\'';
        }

        if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSeparator(c) || char.IsSymbol(c))
        {
            return ' ';
        }

        return char.ToLowerInvariant(c);
    }

    private static char[] BuildTable(bool fold)
    {
        var table = new char[LastMapped - FirstMapped + 1];
        for (int i = 0; i < table.Length; i++)
        {
            char c = (char)(FirstMapped + i);
            char lower = char.ToLowerInvariant(c);
            if (char.IsPunctuation(c) || char.IsSymbol(c) || char.IsWhiteSpace(c) || char.IsSeparator(c))
            {
                table[i] = ' ';
                continue;
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

            table[i] = marksOnly ? decomposed[0] : lower;
        }

        return table;
    }
}
