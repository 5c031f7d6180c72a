using System.Collections.Frozen;

namespace DeAn06.Matching.Names;

/// <summary>
/// Whether a word, as written, could be a Vietnamese syllable: an onset from the alphabet's list, a
/// rhyme Vietnamese spelling allows with its vowel marks (ê in "yên", ươ in "phương"), and a stop final
/// (c, ch, p, t) only under the acute or dot tone. Two uses: a slip that still spells a possible
/// syllable ("Đào" → "Bao", "Khanh" → "Hanh") may be another person's real name, one no list holds,
/// while one that spells none ("Ngyễn", "Qang", "Ngòc") is surely a slip; and a word without marks
/// that spells a possible syllable ("Thi", "Thanh") is a name of its own, while one that spells none
/// ("Nguyen", "Viet", "Phuong") lost its marks.
/// </summary>
/// <remarks>
/// Hand-written from the orthography because no library covers it. The rhyme list errs on the side of
/// "possible": a word wrongly taken for possible is refused, the safe side, in both uses.
/// </remarks>
internal static class Syllable
{
    private static readonly string[] Onsets =
    [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
        "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];

    // Rhymes with their vowel marks and without tone.
    private static readonly FrozenSet<string> Rhymes = FrozenSet.Create(StringComparer.Ordinal,
    [
        "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay",
        "ăc", "ăm", "ăn", "ăng", "ăp", "ăt",
        "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây",
        "e", "ec", "em", "en", "eng", "eo", "ep", "et",
        "ê", "êch", "êm", "ên", "êng", "ênh", "êp", "êt", "êu",
        "i", "ia", "ich", "im", "in", "inh", "ip", "it", "iu", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
        "o", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oăc", "oăm", "oăn",
        "oăng", "oăt", "oc", "oe", "oem", "oen", "oeo", "oet", "oi", "om", "on", "ong", "oong", "ooc", "op", "ot",
        "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt",
        "ơ", "ơi", "ơm", "ơn", "ơp", "ơt",
        "u", "ua", "uân", "uâng", "uât", "uây", "uc", "ui", "um", "un", "ung", "up", "ut",
        "uôc", "uôi", "uôm", "uôn", "uông", "uôp", "uôt", "uy", "uya", "uych", "uyên", "uyêt", "uynh", "uyt", "uyu",
        "uê", "uêch", "uên", "uênh", "uêu", "uơ",
        "ư", "ưa", "ưc", "ưi", "ưm", "ưn", "ưng", "ưt", "ưu", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu",
        "y", "yêm", "yên", "yêt", "yêu",
    ]);

    // After qu the u belongs to the onset: quynh, quych, quyt, quyu, quyên, quyêt, quân, quang...
    private static readonly FrozenSet<string> RhymesAfterQu = FrozenSet.Create(StringComparer.Ordinal,
        ["ynh", "ych", "yt", "yu", "yên", "yêt", "y", .. Rhymes.Where(r => r[0] is not ('u' or 'y'))]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> RhymeLookup = Rhymes.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AfterQuLookup = RhymesAfterQu.GetAlternateLookup<ReadOnlySpan<char>>();

    // Each vowel with its five tones, in the order level, acute, grave, hook, tilde, dot.
    private static readonly string[] TonedVowels =
    [
        "aáàảãạ", "ăắằẳẵặ", "âấầẩẫậ", "eéèẻẽẹ", "êếềểễệ", "iíìỉĩị",
        "oóòỏõọ", "ôốồổỗộ", "ơớờởỡợ", "uúùủũụ", "ưứừửữự", "yýỳỷỹỵ",
    ];

    private const int MaxLength = 8;

    /// <summary>True when <paramref name="equivalent"/> (one lower-case word with its marks) could be a Vietnamese syllable.</summary>
    public static bool IsPossible(ReadOnlySpan<char> equivalent)
    {
        if (equivalent.IsEmpty || equivalent.Length > MaxLength)
        {
            return true;
        }

        Span<char> bare = stackalloc char[MaxLength];
        int tone = 0;
        for (int k = 0; k < equivalent.Length; k++)
        {
            bare[k] = WithoutTone(equivalent[k], out int t);
            if (t > 0)
            {
                if (tone > 0)
                {
                    return false; // two tones
                }

                tone = t;
            }
        }

        ReadOnlySpan<char> word = bare[..equivalent.Length];
        bool stop = word[^1] is 'c' or 'p' or 't' || word.EndsWith("ch");
        if (stop && tone is not (1 or 5))
        {
            return false; // "Ngòc", "Bich" as written: a stop final takes only the acute or the dot
        }

        foreach (string onset in Onsets)
        {
            if (word.StartsWith(onset) && IsRhyme(word[onset.Length..], onset))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsRhyme(ReadOnlySpan<char> rhyme, string onset) => onset switch
    {
        // "gi" alone is a syllable (gì = g + i; giữ = gi + ư); after it the rhyme may begin with any vowel.
        "gi" => rhyme.IsEmpty || RhymeLookup.Contains(rhyme),
        "qu" => AfterQuLookup.Contains(rhyme),
        _ => !rhyme.IsEmpty && RhymeLookup.Contains(rhyme) && !(rhyme[0] == 'y' && rhyme.Length > 1 && onset.Length > 0),
    };

    private static char WithoutTone(char c, out int tone)
    {
        foreach (string vowel in TonedVowels)
        {
            int t = vowel.IndexOf(c, StringComparison.Ordinal);
            if (t >= 0)
            {
                tone = t;
                return vowel[0];
            }
        }

        tone = 0;
        return c;
    }
}
