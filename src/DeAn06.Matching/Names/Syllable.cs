using System.Collections.Frozen;

namespace DeAn06.Matching.Names;

/// <summary>
/// Whether a word could be a Vietnamese syllable at all: an onset from the alphabet's list and a rhyme
/// Vietnamese spelling allows, and a stop final (c, ch, p, t) only under the acute or dot tone. A slip
/// that still spells a possible syllable ("Đào" → "Bao", "Khanh" → "Hanh") may be another person's real
/// name, one no list holds; only a slip that spells none ("Ngyễn", "Qang", "Ngòc") is surely a slip.
/// </summary>
/// <remarks>
/// Hand-written from the orthography because no library covers it; the rhyme list errs on the side of
/// "possible" (an impossible word taken for possible is refused, the safe side).
/// </remarks>
internal static class Syllable
{
    private static readonly string[] Onsets =
    [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
        "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];

    // Rhymes without marks (ă/â, ê, ô/ơ, ư folded), every one Vietnamese spelling allows, and then some.
    private static readonly FrozenSet<string> Rhymes = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay",
        "e", "ec", "ech", "em", "en", "eng", "enh", "eo", "ep", "et", "eu",
        "i", "ia", "ic", "ich", "iec", "iem", "ien", "ieng", "iep", "iet", "ieu", "im", "in", "inh", "ip", "it", "iu",
        "o", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oc", "oe", "oem", "oen",
        "oeo", "oet", "oi", "om", "on", "ong", "oo", "ooc", "oong", "op", "ot",
        "u", "ua", "uan", "uang", "uanh", "uat", "uay", "uau", "uc", "ue", "uech", "uen", "uenh", "uet", "ui", "um", "un", "ung",
        "uo", "uoc", "uoi", "uom", "uon", "uong", "uop", "uot", "uou", "up", "ut", "uu",
        "uy", "uya", "uych", "uyen", "uyet", "uynh", "uyt", "uyu",
        "y", "ych", "yem", "yen", "yet", "yeu", "ynh", "yt", "yu",
    ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> RhymeLookup = Rhymes.GetAlternateLookup<ReadOnlySpan<char>>();

    private const string AcuteOrDot = "áắấéếíóốớúứýạặậẹệịọộợụựỵ";

    /// <summary>True when <paramref name="equivalent"/> (one lower-case word with its marks) could be a Vietnamese syllable.</summary>
    public static bool IsPossible(ReadOnlySpan<char> equivalent, ReadOnlySpan<char> folded)
    {
        if (folded.Length is 0 or > 8 || equivalent.Length != folded.Length)
        {
            return true;
        }

        bool stop = folded[^1] is 'c' or 'p' or 't' || folded.EndsWith("ch");
        if (stop && Tone(equivalent) is char t && !AcuteOrDot.Contains(t, StringComparison.Ordinal))
        {
            return false; // "Ngòc", "Việt" with a grave: a stop final takes only the acute or the dot
        }

        foreach (string onset in Onsets)
        {
            if (folded.StartsWith(onset) && IsRhyme(folded[onset.Length..], onset))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRhyme(ReadOnlySpan<char> rhyme, string onset)
    {
        // "gi" and "qu" may stand alone before a rhyme-less vowel cluster ("gì" = g + i, "gia").
        if (rhyme.IsEmpty)
        {
            return onset is "gi";
        }

        // "yê", "yêu", "ynh" are spelt with y only alone or after qu (yên, quyên, quỳnh); after any other
        // onset the same sounds take i (nghiên, tiêu, linh). A lone y after a consonant is fine (Lý, Kỳ).
        if (rhyme.Length > 1 && rhyme[0] == 'y' && onset is not ("" or "qu"))
        {
            return false;
        }

        return RhymeLookup.Contains(rhyme);
    }

    /// <summary>The toned letter of the word, or null for the level tone.</summary>
    private static char? Tone(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if ("àằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹ".Contains(c, StringComparison.Ordinal) || AcuteOrDot.Contains(c, StringComparison.Ordinal))
            {
                return c;
            }
        }

        return null;
    }
}
