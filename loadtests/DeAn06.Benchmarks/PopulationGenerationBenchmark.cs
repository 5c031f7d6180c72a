using BenchmarkDotNet.Attributes;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Benchmarks;

/// <summary>Time and allocation to generate a population (<see cref="PopulationGenerator.Generate"/>).</summary>
[MemoryDiagnoser]
public class PopulationGenerationBenchmark
{
    [Params(100_000, 1_000_000)]
    public int Size { get; set; }

    [Benchmark]
    public CitizenStore Generate() => PopulationGenerator.Generate(PopulationOptions.DefaultSeed, Size, new DateOnly(2024, 7, 1));
}

/// <summary>
/// What BenchmarkDotNet does not measure: the heap a generated population keeps, the process's peak
/// RSS, and the population's shape against the census; one generation, reported once.
/// </summary>
internal static class PopulationFootprint
{
    public static int Run(Options o)
    {
        int size = o.Int("size", PopulationOptions.DefaultSize);
        ulong seed = o.ULong("seed", PopulationOptions.DefaultSeed);
        Console.WriteLine($"popgen-footprint: size={size:N0} seed={seed} on {Machine.Describe()}");
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CitizenStore store = PopulationGenerator.Generate(seed, size, new DateOnly(2024, 7, 1));
        watch.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"generated in {watch.Elapsed.TotalSeconds:0.00} s ({size / watch.Elapsed.TotalSeconds:N0} citizens/s; one cold run: `./build.sh bench popgen` for the measured time)");
        Console.WriteLine($"retained managed heap {(after - before) / 1048576.0:N0} MiB ({(double)(after - before) / size:0.0} B/citizen); peak RSS {Machine.PeakWorkingSetMiB():N0} MiB");

        int under15 = 0, over65 = 0, male = 0, adults = 0, adultsWithCmnd = 0, deceased = 0, yearOnly = 0;
        for (int i = 0; i < store.Count; i++)
        {
            Citizen c = store[i];
            int age = c.Age;
            under15 += age < 15 ? 1 : 0;
            over65 += age >= 65 ? 1 : 0;
            male += c.IsMale ? 1 : 0;
            deceased += c.IsDeceased ? 1 : 0;
            yearOnly += c.BirthYearOnly ? 1 : 0;
            if (age >= 18)
            {
                adults++;
                adultsWithCmnd += c.Cmnd != 0 ? 1 : 0;
            }
        }

        double n = store.Count;
        Console.WriteLine($"shape: under 15 {under15 / n:P1} (census 24.2 %), 65+ {over65 / n:P1} (census 8.4 %), male {male / n:P1} (census 49.8 %), " +
            $"adults with CMND {adultsWithCmnd / (double)adults:P1}, deceased {deceased / n:P1}, birth year only {yearOnly / n:P1}");
        GC.KeepAlive(store);
        return 0;
    }
}
