using System.Collections.Frozen;
using System.Reflection;
using DeAn06.Matching.Text;

namespace DeAn06.Matching.Names;

/// <summary>
/// Syllables that are Vietnamese names in their own right (family, middle or given), with their
/// marks: "phan" and "phạm", "tuấn" and "tuân", "thi" and "thì". When both records write a known
/// name in the same place and the two differ, that is another name, not a slip: siblings and
/// namesakes differ exactly so. The list is in <c>name-syllables.txt</c> (source and method in
/// docs/matching.md); entries are compared in the equivalent form (lower case, canonical tone placement).
/// </summary>
internal static class NameSyllables
{
    private static readonly FrozenSet<string> Marked;
    private static readonly FrozenSet<string> Folded;
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> MarkedLookup;
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> FoldedLookup;

#pragma warning disable CA1810 // one pass over the resource fills both sets
    static NameSyllables()
#pragma warning restore CA1810
    {
        using Stream stream = typeof(NameSyllables).Assembly.GetManifestResourceStream("DeAn06.Matching.Names.name-syllables.txt")
            ?? throw new InvalidOperationException("The name-syllables.txt resource is missing from DeAn06.Matching.");
        using var reader = new StreamReader(stream);
        var marked = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                marked.Add(VietnameseText.ToEquivalent(line.Trim()));
            }
        }

        Marked = marked.ToFrozenSet(StringComparer.Ordinal);
        Folded = marked.Select(VietnameseText.ToFolded).ToFrozenSet(StringComparer.Ordinal);
        MarkedLookup = Marked.GetAlternateLookup<ReadOnlySpan<char>>();
        FoldedLookup = Folded.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>True for a syllable, as written with its marks (equivalent form), that is a known name.</summary>
    public static bool IsName(ReadOnlySpan<char> equivalent) => MarkedLookup.Contains(equivalent);

    /// <summary>True when some known name, once its marks are stripped, reads so.</summary>
    public static bool IsStrippedName(ReadOnlySpan<char> folded) => FoldedLookup.Contains(folded);

    /// <summary>How many syllables the list holds.</summary>
    public static int Count => Marked.Count;
}
