using System.Text;

namespace DeAn06.Matching.Names;

/// <summary>
/// A Vietnamese full name split into family name (họ, first word), middle name(s) (chữ đệm, the words
/// between) and given name (tên, last word), each in NFC with single spaces, case kept.
/// </summary>
public sealed record PersonName(string Family, string Middle, string Given)
{
    /// <summary>"Family Middle Given" (no double space when there is no middle name).</summary>
    public string Full => Middle.Length == 0 ? $"{Family} {Given}".Trim() : $"{Family} {Middle} {Given}";

    /// <summary>Splits a full name; null for a blank one. One word is taken as the given name alone.</summary>
    public static PersonName? Parse(string? fullName)
    {
        if (string.IsNullOrWhiteSpace(fullName))
        {
            return null;
        }

        string[] words = fullName.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length switch
        {
            1 => new PersonName("", "", words[0]),
            2 => new PersonName(words[0], "", words[1]),
            _ => new PersonName(words[0], string.Join(' ', words[1..^1]), words[^1]),
        };
    }
}
