using DeAn06.Matching.Comparison;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Names;

/// <summary>
/// Grades a full name ("Họ Chữ đệm Tên") against another, word by word, allocation-free for NFC input.
/// </summary>
/// <remarks>
/// Levels, strongest first: EXACT (identical); EQUIVALENT (Unicode form, case, spacing, punctuation,
/// invisible format characters, look-alike Ð, tone placement); NO_DIACRITICS (equal once marks are
/// stripped, where one side lacks them: a system that strips them); PARTIAL (a middle name dropped or
/// added, or the words rotated: given name written first, family name written last); FUZZY (one word
/// with a slip or a wrong tone, scored high only when it spells no possible syllable; an i/y spelling);
/// DIFFERENT. Two known names in the same place that differ (Phan/Phạm, Tuấn/Xuân, An/Anh, Hùng/Hưng)
/// are DIFFERENT in every position; a slip that spells another possible syllable scores 0.7, below
/// every built-in policy. The policy table is in docs/matching.md.
/// </remarks>
public static class NameComparer
{
    /// <summary>Score of a NO_DIACRITICS name.</summary>
    public const float NoDiacriticsScore = 0.9f;

    /// <summary>Score of a PARTIAL name.</summary>
    public const float PartialScore = 0.85f;

    /// <summary>
    /// Score of a word one letter or one tone away from the reference's that still spells a possible
    /// syllable (Đào/Bao, Hùng/Húng): possibly another person's name, so never accepted by the built-in policies.
    /// </summary>
    public const float PossibleNameScore = 0.7f;

    /// <summary>Score of a wrong tone that spells no possible syllable (Ngọc/Ngòc), in any position.</summary>
    public const float ToneSlipScore = 0.85f;

    /// <summary>Score of one word with a one-letter slip that spells no possible syllable (Nguyễn/Ngyễn), whatever the name's length.</summary>
    public const float TypoScore = 0.88f;

    /// <summary>Score of an i/y spelling of the same syllable (Lý/Lí, Kỳ/Kì).</summary>
    public const float SpellingScore = 0.9f;

    /// <summary>At most this many letter edits (insert, delete, substitute, swap; marks ignored) in one word make a slip.</summary>
    public const int MaxTypoEdits = 1;

    /// <summary>
    /// The longest name compared, in UTF-16 code units after composition. Validation admits 200; a longer
    /// name is refused (DIFFERENT), never compared on a prefix.
    /// </summary>
    public const int MaxLength = VietnameseText.MaxLength;

    /// <summary>More than this many words with a slip, a wrong tone or another spelling make the name DIFFERENT.</summary>
    private const int MaxImperfectWords = 2;

    // Every word takes at least one letter and one separator, so MaxLength characters hold at most this many.
    private const int MaxTokens = (MaxLength / 2) + 1;

    /// <summary>Compares two full names; null or blank on either side is ABSENT.</summary>
    public static FieldComparison Compare(ReadOnlySpan<char> sector, ReadOnlySpan<char> reference)
    {
        sector = sector.Trim();
        reference = reference.Trim();
        if (sector.IsEmpty || reference.IsEmpty)
        {
            return FieldComparison.Absent;
        }

        if (sector.SequenceEqual(reference))
        {
            return FieldComparison.Exact;
        }

        if (!Comparable(ref sector) || !Comparable(ref reference))
        {
            return FieldComparison.Different;
        }

        Span<char> eqA = stackalloc char[MaxLength];
        Span<char> eqB = stackalloc char[MaxLength];
        eqA = eqA[..VietnameseText.ToEquivalent(sector, eqA)];
        eqB = eqB[..VietnameseText.ToEquivalent(reference, eqB)];
        if (eqA.SequenceEqual(eqB))
        {
            return eqA.IsEmpty ? FieldComparison.Absent : FieldComparison.Equivalent;
        }

        Span<char> foldA = stackalloc char[MaxLength];
        Span<char> foldB = stackalloc char[MaxLength];
        foldA = foldA[..VietnameseText.ToFolded(eqA, foldA)];
        foldB = foldB[..VietnameseText.ToFolded(eqB, foldB)];

        var a = new Tokens(eqA, foldA, isReference: false);
        var b = new Tokens(eqB, foldB, isReference: true);
        if (a.Count == 0 || b.Count == 0)
        {
            return FieldComparison.Absent;
        }

        if (a.Count == b.Count)
        {
            FieldComparison aligned = Aligned(a, b);
            if (aligned.Level != MatchLevel.Different)
            {
                return aligned;
            }

            return IsRotation(a, b) ? new FieldComparison(MatchLevel.Partial, PartialScore) : aligned;
        }

        return IsPartial(a, b) || IsPartial(b, a) ? new FieldComparison(MatchLevel.Partial, PartialScore) : FieldComparison.Different;
    }

    /// <summary>
    /// False for a name too long to compare whole. Decomposed input is measured once composed (the
    /// rare path, which allocates): 200 NFC characters may arrive as more NFD code units.
    /// </summary>
    private static bool Comparable(ref ReadOnlySpan<char> name)
    {
        if (name.Length <= MaxLength)
        {
            return true;
        }

        if (!VietnameseText.HasCombiningMark(name))
        {
            return false;
        }

        string composed = name.ToString().Normalize(System.Text.NormalizationForm.FormC);
        name = composed;
        return composed.Length <= MaxLength;
    }

    /// <summary>Same number of words: each word against the word in the same place.</summary>
    private static FieldComparison Aligned(in Tokens a, in Tokens b)
    {
        bool stripped = false;
        int imperfect = 0;
        float score = 1f;
        for (int i = 0; i < a.Count; i++)
        {
            WordMatch m = Relate(a, i, b, i);
            switch (m)
            {
                case WordMatch.Same:
                    continue;
                case WordMatch.Stripped:
                    stripped = true;
                    continue;
                case WordMatch.Spelling:
                    score *= SpellingScore;
                    break;
                case WordMatch.ToneSlip:
                    score *= ToneSlipScore;
                    break;
                case WordMatch.PossibleName:
                    score *= PossibleNameScore;
                    break;
                case WordMatch.Typo:
                    score *= TypoScore;
                    break;
                default:
                    return FieldComparison.Different;
            }

            if (++imperfect > MaxImperfectWords)
            {
                return FieldComparison.Different;
            }
        }

        if (imperfect == 0)
        {
            return stripped ? new FieldComparison(MatchLevel.NoDiacritics, NoDiacriticsScore) : FieldComparison.Equivalent;
        }

        return new FieldComparison(MatchLevel.Fuzzy, stripped ? score * NoDiacriticsScore : score);
    }

    /// <summary>How word <paramref name="i"/> of <paramref name="a"/> relates to word <paramref name="j"/> of <paramref name="b"/>.</summary>
    private static WordMatch Relate(in Tokens a, int i, in Tokens b, int j)
    {
        ReadOnlySpan<char> ea = a.Equivalent(i);
        ReadOnlySpan<char> eb = b.Equivalent(j);
        if (ea.SequenceEqual(eb))
        {
            return WordMatch.Same;
        }

        ReadOnlySpan<char> fa = a.Folded(i);
        ReadOnlySpan<char> fb = b.Folded(j);
        bool markedA = a.WrittenWithMarks(i);
        bool markedB = b.WrittenWithMarks(j);
        if (fa.SequenceEqual(fb))
        {
            // One side carries no marks on this word and is not deliberate: a stripped copy.
            if (!markedA || !markedB)
            {
                return WordMatch.Stripped;
            }

            // Both written with marks. Only the stroke of Đ lost, the rest kept (Dỗ/Đỗ)? From a sector name
            // with no đ anywhere that is a code page without Đ, a loss like stripping; otherwise Dình and
            // Đình are two names.
            if (OnlyStrokeLost(ea, eb))
            {
                return !a.HasDStroke || !(NameSyllables.IsName(ea) && NameSyllables.IsName(eb)) ? WordMatch.Stripped : WordMatch.Different;
            }

            // The population DB writing D where the sector writes Đ (Diệu/Điệu) lost nothing: it is another name.
            if (OnlyStrokeLost(eb, ea))
            {
                return WordMatch.Different;
            }

            return NameSyllables.IsName(ea) && NameSyllables.IsName(eb) ? WordMatch.Different
                : SurelyASlip(ea, eb) ? WordMatch.ToneSlip : WordMatch.PossibleName;
        }

        if (IsIySpelling(ea, eb) || IsIySpelling(eb, ea))
        {
            return WordMatch.Spelling;
        }

        if (fa.Length > Levenshtein.MaxLength || fb.Length > Levenshtein.MaxLength
            || Levenshtein.Distance(fa, fb, MaxTypoEdits) > MaxTypoEdits)
        {
            return WordMatch.Different;
        }

        // One letter apart. A slip that lands on another name cannot be told from that name.
        bool knownA = markedA ? NameSyllables.IsName(ea) : NameSyllables.IsStrippedName(fa);
        bool knownB = markedB ? NameSyllables.IsName(eb) : NameSyllables.IsStrippedName(fb);
        return knownA && knownB ? WordMatch.Different
            : SurelyASlip(ea, eb) ? WordMatch.Typo : WordMatch.PossibleName;
    }

    /// <summary>
    /// The sector's word spells no possible syllable while the reference's does: a slip, not another
    /// name. A reference word outside Kinh spelling (Ê Đê, Jarai: "Ksor", "Mlô") gives no such
    /// certainty, so a one-letter difference there is never taken for a mere slip.
    /// </summary>
    private static bool SurelyASlip(ReadOnlySpan<char> sector, ReadOnlySpan<char> reference) =>
        !Syllable.IsPossible(sector) && Syllable.IsPossible(reference);

    /// <summary>Equal where both have a letter, except that <paramref name="weak"/> writes d where <paramref name="strong"/> writes đ.</summary>
    private static bool OnlyStrokeLost(ReadOnlySpan<char> weak, ReadOnlySpan<char> strong)
    {
        if (weak.Length != strong.Length)
        {
            return false;
        }

        bool lost = false;
        for (int k = 0; k < weak.Length; k++)
        {
            if (weak[k] == strong[k])
            {
                continue;
            }

            if (weak[k] != 'd' || strong[k] != 'đ')
            {
                return false;
            }

            lost = true;
        }

        return lost;
    }

    // Toned i and y in the same tone order: level, acute, grave, hook, tilde, dot.
    private const string ToneI = "iíìỉĩị";
    private const string ToneY = "yýỳỷỹỵ";

    /// <summary>
    /// The same syllable spelt with i and with y (Lý/Lí, Kỳ/Kì, Mỹ/Mĩ, Quý/Quí): one consonant (or qu)
    /// then the vowel alone, same tone. "Thúy" is not "Thúi": uy is another rhyme.
    /// </summary>
    private static bool IsIySpelling(ReadOnlySpan<char> withI, ReadOnlySpan<char> withY)
    {
        if (withI.Length != withY.Length || withI.Length < 2 || !withI[..^1].SequenceEqual(withY[..^1]))
        {
            return false;
        }

        int tone = ToneI.IndexOf(withI[^1]);
        if (tone < 0 || ToneY.IndexOf(withY[^1]) != tone)
        {
            return false;
        }

        ReadOnlySpan<char> onset = withI[..^1];
        return onset.Length == 1 ? onset[0] is 'b' or 'd' or 'đ' or 'h' or 'k' or 'l' or 'm' or 'n' or 'p' or 'r' or 's' or 't' or 'v' or 'x'
            : onset.SequenceEqual("qu");
    }

    /// <summary>
    /// <paramref name="a"/> is <paramref name="b"/>'s words in their order, cut elsewhere: the given name
    /// (with any middle names before it) written first, or the family name (with any after it) written
    /// last: "Khai Nguyễn Thị Minh", "Minh Khai Nguyễn Thị", "Thị Minh Khai Nguyễn". Any other order
    /// is another name: "Nguyễn Hoàng Minh" is not "Nguyễn Minh Hoàng".
    /// </summary>
    private static bool IsRotation(in Tokens a, in Tokens b)
    {
        int n = a.Count;
        for (int by = 1; by < n; by++)
        {
            bool all = true;
            for (int i = 0; i < n && all; i++)
            {
                all = SameToken(a, i, b, (i + by) % n);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Same family and given name; <paramref name="shorter"/>'s middle names appear in order in <paramref name="longer"/>'s.</summary>
    private static bool IsPartial(in Tokens shorter, in Tokens longer)
    {
        if (shorter.Count >= longer.Count || shorter.Count < 2)
        {
            return false;
        }

        if (!SameToken(shorter, 0, longer, 0) || !SameToken(shorter, shorter.Count - 1, longer, longer.Count - 1))
        {
            return false;
        }

        int j = 1;
        for (int i = 1; i < shorter.Count - 1; i++)
        {
            while (j < longer.Count - 1 && !SameToken(shorter, i, longer, j))
            {
                j++;
            }

            if (j >= longer.Count - 1)
            {
                return false;
            }

            j++;
        }

        return true;
    }

    /// <summary>The same word, or a stripped copy of it.</summary>
    private static bool SameToken(in Tokens a, int i, in Tokens b, int j) =>
        a.Folded(i).SequenceEqual(b.Folded(j)) && Relate(a, i, b, j) is WordMatch.Same or WordMatch.Stripped;

    private enum WordMatch : byte
    {
        Same,
        Stripped,
        Spelling,
        ToneSlip,
        Typo,
        PossibleName,
        Different,
    }

    /// <summary>Word boundaries shared by a name's equivalent and folded forms (same length, same spaces).</summary>
    private ref struct Tokens
    {
        private readonly ReadOnlySpan<char> _equivalent;
        private readonly ReadOnlySpan<char> _folded;
        private readonly bool _aligned;
        private readonly bool _unmarkedIsDeliberate;
        private readonly bool _isReference;
        private Starts _starts;
        private Starts _lengths;

        public Tokens(ReadOnlySpan<char> equivalent, ReadOnlySpan<char> folded, bool isReference)
        {
            _equivalent = equivalent;
            _folded = folded;

            // Equivalent and folded forms line up character for character for composed text: folding maps
            // each letter to one letter. A mark with no precomposed letter breaks that; such words are then
            // read without their marks.
            _aligned = equivalent.Length == folded.Length;
            Count = 0;
            int start = 0;
            for (int i = 0; i <= folded.Length; i++)
            {
                if (i == folded.Length || folded[i] == ' ')
                {
                    if (i > start && Count < MaxTokens)
                    {
                        _starts[Count] = start;
                        _lengths[Count] = i - start;
                        Count++;
                    }

                    start = i + 1;
                }
            }

            // In Vietnamese a syllable without marks is the level tone, a name of its own (Thi, Sanh, Sa,
            // Thanh): a word without marks where the other words carry theirs was written so on purpose,
            // and the population DB writes every name as it is. On the sector's side, a name with no mark
            // anywhere (a system that strips them) and a word that spells no syllable without its marks
            // ("Nguyen") are taken for stripped copies.
            _isReference = isReference && _aligned;
            _unmarkedIsDeliberate = _aligned && VietnameseText.HasDiacritics(equivalent);
        }

        public int Count { get; }

        /// <summary>The name writes đ somewhere.</summary>
        public readonly bool HasDStroke => _equivalent.Contains('đ');


        public readonly ReadOnlySpan<char> Folded(int i) => _folded.Slice(_starts[i], _lengths[i]);

        public readonly ReadOnlySpan<char> Equivalent(int i) => _aligned ? _equivalent.Slice(_starts[i], _lengths[i]) : Folded(i);

        /// <summary>
        /// The word carries marks, or is deliberately written without: compare it as written. The
        /// population DB writes every word as it is; on the sector's side, not so a word that spells no
        /// syllable without marks ("Nguyen", "Viet", "Ngoc", "Phuong"): it lost them.
        /// </summary>
        public readonly bool WrittenWithMarks(int i)
        {
            ReadOnlySpan<char> word = Equivalent(i);
            return VietnameseText.HasDiacritics(word) || _isReference || (_unmarkedIsDeliberate && Syllable.IsPossible(word));
        }
    }

    [System.Runtime.CompilerServices.InlineArray(MaxTokens)]
    private struct Starts
    {
        private int _element;
    }
}
