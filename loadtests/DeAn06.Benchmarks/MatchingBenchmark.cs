using System.Globalization;
using BenchmarkDotNet.Attributes;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Benchmarks;

/// <summary>
/// One record comparison (<see cref="Matcher.Decide"/>) on one thread, and the bytes it allocates, on
/// typical records: citizens from the simulator, sent back the way sector data carries them (mostly as
/// on record, some without diacritics, year-only, upper case, day/month swapped, a typo, another person).
/// Each invocation decides all 8,192 pairs; the figures are per comparison.
/// </summary>
[MemoryDiagnoser]
public class MatchingBenchmark
{
    private const int Pairs = 8192;

    private (SectorRecord Sector, ReferenceRecord Reference)[] _pairs = [];
    private MatchPolicy _policy = MatchPolicies.Strict;

    [Params("strict", "tolerant")]
    public string Policy { get; set; } = "strict";

    [GlobalSetup]
    public void Setup()
    {
        _policy = Policy == "tolerant" ? MatchPolicies.Tolerant : MatchPolicies.Strict;
        CitizenStore store = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, 100_000, new DateOnly(2024, 7, 1));
        var rng = new Random(7);
        _pairs = new (SectorRecord, ReferenceRecord)[Pairs];
        for (int i = 0; i < _pairs.Length; i++)
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

            _pairs[i] = (new SectorRecord(c.Id.ToString("D12", CultureInfo.InvariantCulture), name, date, gender), reference);
        }

        // The share of pairs matched is a property of the data and the policy, not a timing: printed once.
        Console.WriteLine($"// {_policy.Name}: {Decide() / (double)Pairs:P1} of the {Pairs:N0} pairs matched");
    }

    [Benchmark(OperationsPerInvoke = Pairs)]
    public int Decide()
    {
        int matched = 0;
        (SectorRecord Sector, ReferenceRecord Reference)[] pairs = _pairs;
        for (int i = 0; i < pairs.Length; i++)
        {
            ref var pair = ref pairs[i];
            if (Matcher.Decide(pair.Sector, pair.Reference, _policy).Verdict == Verdict.Match)
            {
                matched++;
            }
        }

        return matched;
    }
}
