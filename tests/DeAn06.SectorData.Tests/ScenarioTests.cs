using DeAn06.Matching.Decisions;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.SectorData.Scenarios;

namespace DeAn06.SectorData.Tests;

public sealed class PopulationFixture
{
    public CitizenStore Population { get; } = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, 300_000, new DateOnly(2024, 7, 1));
}

/// <summary>
/// Each scenario's records, decided by the matcher against the population they were drawn from,
/// give exactly the report's figures, line by line as the ground truth says.
/// </summary>
public sealed class ScenarioTests(PopulationFixture fixture) : IClassFixture<PopulationFixture>
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (Scenario s in Scenarios.Scenarios.All)
        {
            data.Add(s.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_TotalIsMatchedPlusRest(string name)
    {
        Scenario s = Scenarios.Scenarios.Find(name)!;
        Assert.Equal(s.Total, s.Matched + s.Rest.Values.Sum());
        Assert.Contains(s.Policy, MatchPolicies.BuiltIn.Keys);
    }

    [Fact]
    public void BacKanBhxh_FullSize_ReproducesTheReportExactly()
    {
        Scenario s = Scenarios.Scenarios.Find("backan-bhxh-2024-07")!;
        Dictionary<string, long> counts = Decide(s);
        Assert.Equal(310_462, counts.Values.Sum());
        Assert.Equal(310_080, counts["MATCH"]);
        Assert.Equal(211, counts["MISSING_ID"]);
        Assert.Equal(171, counts["MISMATCH"]);
    }

    /// <summary>Bắc Kạn's education report states only "đạt 99,31 %": the matcher's own counts must give exactly that rate.</summary>
    [Fact]
    public void BacKanGiaoduc_FullSize_ReproducesTheReportedRate()
    {
        Scenario s = Scenarios.Scenarios.Find("backan-giaoduc-2024-07")!;
        Assert.Equal(("GIAODUC", "06", "99,31 %"), (s.Sector, s.Province, s.ReportedRate));
        Dictionary<string, long> counts = Decide(s);
        Assert.Equal(s.Total, counts.Values.Sum());
        Assert.Equal(s.Matched, counts["MATCH"]);
        Assert.Equal("99,31 %", Contracts.Reports.VietnameseFormat.Percent(counts["MATCH"], counts.Values.Sum()));
    }

    [Fact]
    public void Scenarios_SixReports_EachWithItsFiguresOrRate()
    {
        Assert.Equal(6, Scenarios.Scenarios.All.Count);
        Assert.All(Scenarios.Scenarios.All.Where(s => s.ReportedRate is not null),
            s => Assert.Equal(s.ReportedRate, Contracts.Reports.VietnameseFormat.Percent(s.Matched, s.Total)));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_ReducedSize_ExactFiguresAndEveryLineAsTheGroundTruthSays(string name)
    {
        Scenario s = Scenarios.Scenarios.Find(name)!.Scaled(200);
        Dictionary<string, long> counts = Decide(s);
        var expected = new Dictionary<string, long> { ["MATCH"] = s.Matched };
        foreach (var (kind, n) in s.Rest)
        {
            string verdict = GroundTruth.VerdictFor(kind, s.Policy);
            expected[verdict] = expected.GetValueOrDefault(verdict) + n;
        }

        Assert.Equal(expected.OrderBy(k => k.Key), counts.OrderBy(k => k.Key));
    }

    /// <summary>Every kind of discrepancy, under both policies, gets the verdict the ground truth gives it.</summary>
    [Theory]
    [InlineData("strict")]
    [InlineData("tolerant")]
    public void EveryDiscrepancy_BothPolicies_VerdictAsTheGroundTruthSays(string policy)
    {
        var rest = Enum.GetValues<Discrepancy>().Where(d => d != Discrepancy.None).ToDictionary(d => d, _ => 150L);
        var s = new Scenario("all-kinds", "every discrepancy", "TEST", "01", policy, 200 + rest.Values.Sum(), 200, rest, "test", null);
        Dictionary<string, long> counts = Decide(s);
        Assert.Equal(s.Total, counts.Values.Sum());
    }

    [Fact]
    public void Generate_SameSeed_SameLines_OtherSeed_Other()
    {
        Scenario s = Scenarios.Scenarios.Find("brvt-bhyt-2024-05")!.Scaled(1000);
        var a = SectorDatasetGenerator.Generate(s, fixture.Population, seed: 4).Select(x => x.Line).ToList();
        var b = SectorDatasetGenerator.Generate(s, fixture.Population, seed: 4).Select(x => x.Line).ToList();
        var c = SectorDatasetGenerator.Generate(s, fixture.Population, seed: 5).Select(x => x.Line).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(s.Total, a.Count);
    }

    [Fact]
    public void Writer_RecordsAndGroundTruthInSeparateFiles()
    {
        Scenario s = Scenarios.Scenarios.Find("backan-bhxh-2024-07")!.Scaled(100);
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        long n = SectorDatasetWriter.Write(s, fixture.Population, Path.Combine(dir, "records.csv"), Path.Combine(dir, "truth.csv"));
        string[] records = File.ReadAllLines(Path.Combine(dir, "records.csv"));
        string[] truth = File.ReadAllLines(Path.Combine(dir, "truth.csv"));
        Assert.Equal(s.Total, n);
        Assert.Equal(SectorLine.CsvHeader, records[0]);
        Assert.Equal(n + 1, records.Length);
        Assert.Equal(n + 1, truth.Length);
        Assert.DoesNotContain(records, r => r.Contains("MISSING_ID", StringComparison.Ordinal) || r.Contains("MATCH", StringComparison.Ordinal));
    }

    [Fact]
    public void Writer_Ndjson_SameRecordsOneJsonObjectPerLine()
    {
        Scenario s = Scenarios.Scenarios.Find("thanhhoa-thue-2023-09")!.Scaled(2000);
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        SectorDatasetWriter.Write(s, fixture.Population, Path.Combine(dir, "records.csv"), Path.Combine(dir, "truth.csv"));
        SectorDatasetWriter.Write(s, fixture.Population, Path.Combine(dir, "records.ndjson"), Path.Combine(dir, "truth2.csv"));
        string[] csv = File.ReadAllLines(Path.Combine(dir, "records.csv"))[1..];
        string[] json = File.ReadAllLines(Path.Combine(dir, "records.ndjson"));
        Assert.Equal(csv.Length, json.Length);
        for (int i = 0; i < csv.Length; i++)
        {
            string[] f = csv[i].Split(',');
            using var doc = System.Text.Json.JsonDocument.Parse(json[i]);
            string Field(string name) => doc.RootElement.TryGetProperty(name, out var v) ? v.GetString()! : "";
            Assert.Equal(f, new[] { Field("MaHoSo"), Field("SoDinhDanh"), Field("SoCMND"), Field("HoVaTen"), Field("NgayThangNamSinh"), Field("GioiTinh") });
        }
    }

    /// <summary>Decides every generated line and checks each against its ground truth; returns counts by verdict.</summary>
    private Dictionary<string, long> Decide(Scenario s)
    {
        MatchPolicy policy = MatchPolicies.BuiltIn[s.Policy];
        var counts = new Dictionary<string, long>();
        foreach (var (line, truth) in SectorDatasetGenerator.Generate(s, fixture.Population))
        {
            var record = new SectorRecord(line.Identifier.Length > 0 ? line.Identifier : null, line.HoVaTen, line.NgayThangNamSinh, line.GioiTinh);
            IdCheck id = Matcher.CheckId(record, out _, out _);
            Citizen? citizen = id.Kind switch
            {
                IdKind.PersonalId => fixture.Population.FindById(id.Value),
                IdKind.Cmnd => fixture.Population.FindByCmnd((int)id.Value),
                _ => null,
            };
            MatchDecision d = Matcher.Decide(record, citizen is { } c ? c.ToReferenceRecord() : null, policy);
            string verdict = d.Verdict switch
            {
                Verdict.Match => "MATCH",
                Verdict.Mismatch => "MISMATCH",
                Verdict.NotFound => "NOT_FOUND",
                Verdict.MissingId => "MISSING_ID",
                Verdict.InvalidId => "INVALID_ID",
                _ => "DECEASED",
            };
            Assert.True(verdict == truth.ExpectedVerdict, $"{line.MaHoSo} ({truth.Discrepancy}) got {verdict}, expected {truth.ExpectedVerdict}: {line}");
            counts[verdict] = counts.GetValueOrDefault(verdict) + 1;
        }

        return counts;
    }
}
