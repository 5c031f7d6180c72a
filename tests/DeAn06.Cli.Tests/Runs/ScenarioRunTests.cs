using DeAn06.Cli.Tests.Support;
using DeAn06.Contracts.Reports;
using DeAn06.SectorData.Scenarios;

namespace DeAn06.Cli.Tests.Runs;

/// <summary>
/// Every report scenario through the gateway (as 'dean06 scenario run' does it) prints exactly the
/// report's figures and a clean evaluation: at 1/200 of their size, and Bắc Kạn at full size.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ScenarioRunTests(StackFixture stack)
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (Scenario s in Scenarios.All)
        {
            data.Add(s.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Run_ReducedSize_ExactFiguresAndCleanEvaluation(string name)
    {
        Scenario s = Scenarios.Find(name)!.Scaled(200);
        CliResult run = await stack.RunAsync("scenario", "run", name, "--scale", "200");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($": {VietnameseFormat.Count(s.Matched)}/{VietnameseFormat.Count(s.Total)} ({VietnameseFormat.Percent(s.Matched, s.Total)})", run.Output, StringComparison.Ordinal);
        Assert.Contains("✓ khớp đúng số liệu báo cáo", run.Output, StringComparison.Ordinal);
        Assert.Contains("Mọi hồ sơ đều đúng như dữ liệu gốc", run.Output, StringComparison.Ordinal);
        Assert.Contains("using the stack at", run.Output, StringComparison.Ordinal); // it attached to the running stack
    }

    [Fact]
    public async Task Run_BacKanFullSize_PrintsTheReportLine()
    {
        CliResult run = await stack.RunAsync("scenario", "run", "backan-bhxh-2024-07");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("BHXH Bắc Kạn: 310.080/310.462 (99,87 %), còn 382: 211 chưa có số định danh cá nhân, 171 thông tin cá nhân sai lệch", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_ResultsAgainstAlteredTruth_Exit1WithTheWrongCounted()
    {
        CliResult run = await stack.RunAsync("scenario", "run", "brvt-bhyt-2024-05", "--scale", "1000");
        Assert.Equal(0, run.ExitCode);
        string folder = Path.Combine(stack.DataFolder, "scenarios", "brvt-bhyt-2024-05-1of1000");
        string truth = Path.Combine(folder, "ground-truth.csv");
        string altered = Path.Combine(folder, "altered-truth.csv");
        string[] lines = File.ReadAllLines(truth);
        int target = Array.FindIndex(lines, l => l.EndsWith(",MATCH", StringComparison.Ordinal));
        lines[target] = lines[target][..^"MATCH".Length] + "MISMATCH";
        File.WriteAllLines(altered, lines);

        CliResult clean = await stack.RunAsync("evaluate", "--results", Path.Combine(folder, "results.ndjson"), "--truth", truth);
        CliResult wrong = await stack.RunAsync("evaluate", "--results", Path.Combine(folder, "results.ndjson"), "--truth", altered);
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("1 hồ sơ sai", wrong.Output, StringComparison.Ordinal);
    }
}
