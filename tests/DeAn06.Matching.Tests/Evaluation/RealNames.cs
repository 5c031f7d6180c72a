using DeAn06.Matching.Text;

namespace DeAn06.Matching.Tests.Evaluation;

/// <summary>
/// The evaluation sample: 3,000 real Vietnamese full names (see README.md in this folder for the
/// source and licence), and the words seen in each place (family, middle, given) with their counts.
/// </summary>
internal static class RealNames
{
    public static IReadOnlyList<string> All { get; } =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Evaluation", "uit-names.txt"))
            .Where(l => l.Length > 0 && l.Split(' ').All(w => Matching.Names.Syllable.IsPossible(VietnameseText.ToEquivalent(w))))
            .ToArray();

    public static IReadOnlyDictionary<string, int> Family { get; } = Count(w => [w[0]]);

    public static IReadOnlyDictionary<string, int> Middle { get; } = Count(w => w[1..^1]);

    public static IReadOnlyDictionary<string, int> Given { get; } = Count(w => [w[^1]]);

    /// <summary>Every word of the sample, lower case: what a slip must not land on to count as a mere slip.</summary>
    public static IReadOnlySet<string> Words { get; } =
        All.SelectMany(n => n.Split(' ')).Select(VietnameseText.ToEquivalent).ToHashSet(StringComparer.Ordinal);

    /// <summary>The words seen in one place: 0 family, 1 middle, 2 given.</summary>
    public static IReadOnlyDictionary<string, int> InPlace(int place) => place switch
    {
        0 => Family,
        1 => Middle,
        _ => Given,
    };

    private static Dictionary<string, int> Count(Func<string[], IEnumerable<string>> pick)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string name in All)
        {
            foreach (string w in pick(name.Split(' ')))
            {
                counts[w] = counts.GetValueOrDefault(w) + 1;
            }
        }

        return counts;
    }
}
