using System.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.SectorData.Scenarios;

namespace DeAn06.SectorData;

/// <summary>
/// Writes a scenario's records in a format the verification service accepts (CSV, or NDJSON when the
/// records file ends in .ndjson or .jsonl) and its ground truth to a separate file.
/// </summary>
public static class SectorDatasetWriter
{
    public static long Write(Scenario scenario, CitizenStore population, string recordsPath, string truthPath, int seed = 1)
    {
        var utf8 = new UTF8Encoding(false);
        using var records = new StreamWriter(recordsPath, false, utf8, 1 << 20);
        using var truth = new StreamWriter(truthPath, false, utf8, 1 << 16);
        bool ndjson = recordsPath.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || recordsPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        if (!ndjson)
        {
            records.WriteLine(SectorLine.CsvHeader);
        }

        truth.WriteLine(GroundTruth.CsvHeader);
        long n = 0;
        foreach (var (line, t) in SectorDatasetGenerator.Generate(scenario, population, seed))
        {
            records.WriteLine(ndjson ? line.ToNdjson() : line.ToCsv());
            truth.WriteLine(t.ToCsv());
            n++;
        }

        return n;
    }
}
