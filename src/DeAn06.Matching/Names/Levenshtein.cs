namespace DeAn06.Matching.Names;

/// <summary>
/// Edit distance with adjacent transpositions (optimal string alignment, Damerau–Levenshtein):
/// "Vnă" for "Văn" is one slip, not two. Allocation-free; names are under 64 characters.
/// </summary>
internal static class Levenshtein
{
    /// <summary>Longer words are not compared by this (the caller refuses them rather than comparing a prefix).</summary>
    public const int MaxLength = 64;

    /// <summary>The distance, stopping early past <paramref name="limit"/>.</summary>
    public static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

        a = a[..Math.Min(a.Length, MaxLength)];
        b = b[..Math.Min(b.Length, MaxLength)];
        Span<int> beforePrevious = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], beforePrevious[j - 2] + 1);
                }

                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            previous.CopyTo(beforePrevious);
            current.CopyTo(previous);
        }

        return previous[b.Length];
    }
}
