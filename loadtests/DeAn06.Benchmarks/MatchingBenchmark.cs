using System.Diagnostics;
using System.Globalization;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Benchmarks;

/// <summary>
/// Record comparisons per second on one thread, and bytes allocated per comparison, on typical
/// records: citizens from the simulator, sent back the way sector data carries them (mostly as on
/// record, some without diacritics, year-only, upper case, day/month swapped, a typo, another person).
/// </summary>
internal static class MatchingBenchmark
{
    public static int Run(Options o)
    {
        int seconds = o.Int("seconds", 5);
        Console.WriteLine($"matching: {seconds} s per policy on one thread, on {Machine.Describe()}");
        CitizenStore store = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, 100_000, new DateOnly(2024, 7, 1));
        var rng = new Random(7);
        var pairs = new (SectorRecord Sector, ReferenceRecord Reference)[8192];
        for (int i = 0; i < pairs.Length; i++)
        {
            Citizen c = store[rng.Next(store.Count)];
            ReferenceRecord reference = c.ToReferenceRecord();
            string name = c.FullName;
            string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            string gender = c.IsMale ? "Nam" : "Nữ";
            switch (rng.Next(20))
            {
                case 0: name = VietnameseText.ToFolded(name).ToUpperInvariant(); break;
                case 1: name = name.ToUpperInvariant(); break;
                case 2: date = c.BirthYear.ToString(CultureInfo.InvariantCulture); break;
                case 3: name = name[..^1]; break;
                case 4: name = store[rng.Next(store.Count)].FullName; break;
                case 5: date = c.BirthDate is { } d ? d.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture) : date; break;
                default: break;
            }

            pairs[i] = (new SectorRecord(c.Id.ToString("D12", CultureInfo.InvariantCulture), name, date, gender), reference);
        }

        foreach (MatchPolicy policy in new[] { MatchPolicies.Strict, MatchPolicies.Tolerant })
        {
            Measure(pairs, policy, 0.5); // warm up and tier up
            var (perSecond, bytesPerComparison, matched) = Measure(pairs, policy, seconds);
            Console.WriteLine($"{policy.Name,-9}: {perSecond:N0} comparisons/s on one thread, {bytesPerComparison:0.00} bytes allocated per comparison, {matched:P1} matched");
        }

        return 0;
    }

    private static (double PerSecond, double BytesPerComparison, double Matched) Measure((SectorRecord, ReferenceRecord)[] pairs, MatchPolicy policy, double seconds)
    {
        long count = 0;
        long matched = 0;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < pairs.Length; i++)
            {
                ref var pair = ref pairs[i];
                if (Matcher.Decide(pair.Item1, pair.Item2, policy).Verdict == Verdict.Match)
                {
                    matched++;
                }
            }

            count += pairs.Length;
        }

        double elapsed = watch.Elapsed.TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        return (count / elapsed, allocated / (double)count, matched / (double)count);
    }
}
