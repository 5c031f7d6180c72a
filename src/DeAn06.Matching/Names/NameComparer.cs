using DeAn06.Matching.Comparison;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Names;

/// <summary>
/// Grades a full name ("Họ Chữ đệm Tên") against another, allocation-free for NFC input.
/// </summary>
/// <remarks>
/// Levels, strongest first: EXACT (identical); EQUIVALENT (Unicode form, case, spacing, punctuation,
/// tone placement); NO_DIACRITICS (equal without marks, and wherever the two differ one side has
/// no marks at all, as from a system that strips them); PARTIAL (family and given name swapped, or a
/// middle name dropped or added); FUZZY (up to two letter edits, or tone marks that clash, e.g. Hùng/Hưng,
/// scored lower); DIFFERENT. Two different common given names (An/Anh) are DIFFERENT, never FUZZY.
/// </remarks>
public static class NameComparer
{
    /// <summary>Score of a NO_DIACRITICS name.</summary>
    public const float NoDiacriticsScore = 0.9f;

    /// <summary>Score of a PARTIAL name.</summary>
    public const float PartialScore = 0.85f;

    /// <summary>Score when clashing tone marks fall on the given name (Hùng/Hưng): likely another person.</summary>
    public const float GivenToneClashScore = 0.7f;

    /// <summary>Score when clashing tone marks fall on the family or middle name.</summary>
    public const float OtherToneClashScore = 0.85f;

    /// <summary>At most this many letter edits (insert, delete, substitute; no diacritics) make a typo.</summary>
    public const int MaxTypoEdits = 2;

    private const int MaxTokens = 8;
    private const int Buffer = 128;

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

        Span<char> eqA = stackalloc char[Buffer];
        Span<char> eqB = stackalloc char[Buffer];
        eqA = eqA[..VietnameseText.ToEquivalent(sector, eqA)];
        eqB = eqB[..VietnameseText.ToEquivalent(reference, eqB)];
        if (eqA.SequenceEqual(eqB))
        {
            return FieldComparison.Equivalent;
        }

        Span<char> foldA = stackalloc char[Buffer];
        Span<char> foldB = stackalloc char[Buffer];
        foldA = foldA[..VietnameseText.ToFolded(eqA, foldA)];
        foldB = foldB[..VietnameseText.ToFolded(eqB, foldB)];

        var a = new Tokens(eqA, foldA);
        var b = new Tokens(eqB, foldB);
        if (a.Count == 0 || b.Count == 0)
        {
            return FieldComparison.Absent;
        }

        if (foldA.SequenceEqual(foldB))
        {
            return MarksClash(a, b, out bool onGiven)
                ? new FieldComparison(MatchLevel.Fuzzy, onGiven ? GivenToneClashScore : OtherToneClashScore)
                : new FieldComparison(MatchLevel.NoDiacritics, NoDiacriticsScore);
        }

        if (IsPartial(a, b) || IsPartial(b, a) || IsReordered(a, b))
        {
            return new FieldComparison(MatchLevel.Partial, PartialScore);
        }

        return Fuzzy(a, b);
    }

    private static FieldComparison Fuzzy(in Tokens a, in Tokens b)
    {
        ReadOnlySpan<char> givenA = a.Folded(a.Count - 1);
        ReadOnlySpan<char> givenB = b.Folded(b.Count - 1);
        if (!givenA.SequenceEqual(givenB) && CommonGivenNames.Contains(givenA) && CommonGivenNames.Contains(givenB))
        {
            return FieldComparison.Different;
        }

        if (a.Count != b.Count)
        {
            return FieldComparison.Different;
        }

        int edits = 0;
        for (int i = 0; i < a.Count; i++)
        {
            edits += Levenshtein.Distance(a.Folded(i), b.Folded(i), MaxTypoEdits);
        }

        if (edits > MaxTypoEdits)
        {
            return FieldComparison.Different;
        }

        // Tokens are aligned, so the share of letters kept is the similarity; 0.95 caps a typo below NO_DIACRITICS.
        double kept = 1.0 - (edits / (double)Math.Max(a.AllFolded.Length, b.AllFolded.Length));
        return new FieldComparison(MatchLevel.Fuzzy, (float)(kept * 0.95));
    }

    /// <summary>Same letters, tokens aligned: do marks clash anywhere both sides carry them?</summary>
    private static bool MarksClash(in Tokens a, in Tokens b, out bool onGiven)
    {
        onGiven = false;
        bool clash = false;
        for (int i = 0; i < a.Count; i++)
        {
            ReadOnlySpan<char> ta = a.Equivalent(i);
            ReadOnlySpan<char> tb = b.Equivalent(i);
            if (ta.SequenceEqual(tb))
            {
                continue;
            }

            bool marksA = VietnameseText.HasDiacritics(ta);
            bool marksB = VietnameseText.HasDiacritics(tb);
            bool given = i == a.Count - 1;
            if ((marksA && marksB) || (given && (WrittenUnmarked(a, ta, marksA) || WrittenUnmarked(b, tb, marksB))))
            {
                clash = true;
                onGiven |= given;
            }
        }

        return clash;
    }

    /// <summary>
    /// A given name with no marks in a name that has marks elsewhere, and correctly spelled so ("Thu"
    /// beside "Thư"): the writer typed marks, so this is another name, not a stripped one.
    /// </summary>
    private static bool WrittenUnmarked(in Tokens name, ReadOnlySpan<char> token, bool tokenHasMarks) =>
        !tokenHasMarks && name.HasMarksOutsideLast && CommonGivenNames.IsUnmarkedName(token);

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

    /// <summary>The same tokens in another order (given name written first, family name last).</summary>
    private static bool IsReordered(in Tokens a, in Tokens b)
    {
        if (a.Count != b.Count || a.Count < 2)
        {
            return false;
        }

        Span<bool> used = stackalloc bool[MaxTokens];
        for (int i = 0; i < a.Count; i++)
        {
            bool found = false;
            for (int j = 0; j < b.Count && !found; j++)
            {
                if (!used[j] && SameToken(a, i, b, j))
                {
                    used[j] = found = true;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equal without marks, and the marks do not clash.</summary>
    private static bool SameToken(in Tokens a, int i, in Tokens b, int j)
    {
        if (!a.Folded(i).SequenceEqual(b.Folded(j)))
        {
            return false;
        }

        ReadOnlySpan<char> ta = a.Equivalent(i);
        ReadOnlySpan<char> tb = b.Equivalent(j);
        return ta.SequenceEqual(tb) || !VietnameseText.HasDiacritics(ta) || !VietnameseText.HasDiacritics(tb);
    }

    /// <summary>Token boundaries shared by a name's equivalent and folded forms (same length, same spaces).</summary>
    private ref struct Tokens
    {
        private readonly ReadOnlySpan<char> _equivalent;
        private readonly ReadOnlySpan<char> _folded;
        private Starts _starts;
        private Starts _lengths;

        public Tokens(ReadOnlySpan<char> equivalent, ReadOnlySpan<char> folded)
        {
            _equivalent = equivalent;
            _folded = folded;
            Count = 0;
            int start = 0;
            for (int i = 0; i <= folded.Length && Count < MaxTokens; i++)
            {
                if (i == folded.Length || folded[i] == ' ')
                {
                    if (i > start)
                    {
                        _starts[Count] = start;
                        _lengths[Count] = i - start;
                        Count++;
                    }

                    start = i + 1;
                }
            }
        }

        public int Count { get; }

        public readonly ReadOnlySpan<char> AllFolded => _folded;

        public readonly bool HasMarksOutsideLast => Count > 1 && VietnameseText.HasDiacritics(_equivalent[.._starts[Count - 1]]);

        public readonly ReadOnlySpan<char> Folded(int i) => _folded.Slice(_starts[i], _lengths[i]);

        // Equivalent and folded forms line up character for character for NFC text: the folded form
        // maps each letter to one letter. Guard anyway in case composition changed the length.
        public readonly ReadOnlySpan<char> Equivalent(int i) =>
            _equivalent.Length == _folded.Length ? _equivalent.Slice(_starts[i], _lengths[i]) : Folded(i);
    }

    [System.Runtime.CompilerServices.InlineArray(MaxTokens)]
    private struct Starts
    {
        private int _element;
    }
}
