using DeAn06.Matching.Text;

namespace DeAn06.Matching.Tests.Evaluation;

/// <summary>
/// The evaluation sample of full names, and the words seen in each place (family, middle, given) with
/// their counts. Real people's names are not kept in this repository (they are personal data, and the
/// public list they came from may not be committed here): a run reads them from the file named by
/// <c>DEAN06_REAL_NAMES</c>, or from <c>shared/data/vietnamese-full-names.txt</c> beside the repository
/// when the project's shared folder holds one; otherwise from the names of the generated corpus
/// (<c>Corpus/pairs.ndjson</c>). <see cref="Source"/> says which (docs/matching.md gives the figures of
/// the real-names run).
/// </summary>
internal static class RealNames
{
    /// <summary>Where <see cref="All"/> came from.</summary>
    public static string Source { get; } = RealNamesFile() ?? "Corpus/pairs.ndjson (generated names)";

    public static IReadOnlyList<string> All { get; } =
        Load()
            .Where(l => l.Length > 0 && l.Split(' ').Length is >= 3 and <= 5 && l.Split(' ').All(w => Matching.Names.Syllable.IsPossible(VietnameseText.ToEquivalent(w))))
            .Distinct(StringComparer.Ordinal)
            .Take(3000)
            .ToArray();

    private static IEnumerable<string> Load()
    {
        if (RealNamesFile() is { } file)
        {
            return File.ReadAllLines(file).Select(l => l.Trim());
        }

        // The reference names of the generated corpus (the simulator's catalogue, as it was written out).
        return File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Corpus", "pairs.ndjson"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("reference").GetProperty("name").GetString() ?? "")
            .Select(n => n.Trim());
    }

    private static string? RealNamesFile()
    {
        if (Environment.GetEnvironmentVariable("DEAN06_REAL_NAMES") is { Length: > 0 } named && File.Exists(named))
        {
            return named;
        }

        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "data", "vietnamese-full-names.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

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
