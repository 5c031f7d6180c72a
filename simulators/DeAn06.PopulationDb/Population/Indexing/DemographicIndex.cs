using DeAn06.Matching.Text;

namespace DeAn06.PopulationDb.Population.Indexing;

/// <summary>
/// Finds citizens by name and birth year, for sector records that carry no ID. The key is a hash of
/// the name without diacritics and the birth year, so "NGUYEN VAN AN" finds "Nguyễn Văn An";
/// candidates are then filtered and scored on the real fields. Sorted arrays: 12 bytes a citizen.
/// </summary>
internal sealed class DemographicIndex
{
    private readonly ulong[] _keys;
    private readonly int[] _citizens;

    private DemographicIndex(ulong[] keys, int[] citizens)
    {
        _keys = keys;
        _citizens = citizens;
    }

    public static DemographicIndex Build(CitizenStore store)
    {
        var keys = new ulong[store.Count];
        var citizens = new int[store.Count];
        NameCatalogue names = NameCatalogue.Instance;
        Parallel.For(0, (store.Count + 65_535) / 65_536, chunk =>
        {
            int end = Math.Min(store.Count, (chunk + 1) * 65_536);
            for (int i = chunk * 65_536; i < end; i++)
            {
                ulong hash = Fnv.Start;
                hash = Fnv.Add(hash, names.FamilyFolded[store.FamilyNames[i]]);
                string middle = names.MiddleFolded[store.MiddleNames[i]];
                if (middle.Length > 0)
                {
                    hash = Fnv.Add(Fnv.Add(hash, " "), middle);
                }

                hash = Fnv.Add(Fnv.Add(hash, " "), names.GivenFolded[store.GivenNames[i]]);
                keys[i] = Key(hash, store.BirthDates[i] / 10000);
                citizens[i] = i;
            }
        });

        Array.Sort(keys, citizens);
        return new DemographicIndex(keys, citizens);
    }

    /// <summary>Citizens whose folded full name equals <paramref name="foldedName"/> and who were born in <paramref name="year"/>.</summary>
    public ReadOnlySpan<int> Find(string foldedName, int year)
    {
        ulong key = Key(Fnv.Add(Fnv.Start, foldedName), year);
        int at = Array.BinarySearch(_keys, key);
        if (at < 0)
        {
            return [];
        }

        int first = at;
        while (first > 0 && _keys[first - 1] == key)
        {
            first--;
        }

        int last = at;
        while (last + 1 < _keys.Length && _keys[last + 1] == key)
        {
            last++;
        }

        return _citizens.AsSpan(first, last - first + 1);
    }

    private static ulong Key(ulong nameHash, int year) => Generation.Rng.Mix(nameHash, (ulong)year);

    private static class Fnv
    {
        public const ulong Start = 14695981039346656037UL;

        public static ulong Add(ulong hash, string text)
        {
            foreach (char c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            return hash;
        }
    }
}
