using System.Diagnostics;
using DeAn06.Cli.Stack;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.Contracts.Reports;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.SectorData;
using DeAn06.SectorData.Scenarios;
using Spectre.Console;

namespace DeAn06.Cli.Runs;

/// <summary>
/// A report scenario end to end: its dataset drawn from the stack's own population, sent through the
/// gateway as the province's client, the report line as the verification service counted it, the
/// report's own figures beside it, and the evaluation against the ground truth.
/// </summary>
internal static class ScenarioRunner
{
    /// <returns>0 when the run reproduces the report's figures and every verdict is as the ground truth says; 1 otherwise.</returns>
    public static async Task<int> RunAsync(StackInfo stack, Scenario report, int divisor, string workFolder, IAnsiConsole console, CancellationToken ct)
    {
        Scenario scenario = report.Scaled(divisor);
        string folder = Path.Combine(workFolder, scenario.Name + (divisor > 1 ? $"-1of{divisor}" : ""));
        Directory.CreateDirectory(folder);
        string records = Path.Combine(folder, "records.csv");
        string truth = Path.Combine(folder, "ground-truth.csv");
        string results = Path.Combine(folder, "results.ndjson");

        var watch = Stopwatch.StartNew();
        CitizenStore population = PopulationGenerator.Generate(stack.PopulationSeed, stack.PopulationSize, stack.ReferenceDate);
        SectorDatasetWriter.Write(scenario, population, records, truth);
        console.MarkupLineInterpolated($"[bold]{scenario.Title}[/]: {VietnameseFormat.Count(scenario.Total)} hồ sơ được tạo trong {VietnameseFormat.Seconds(watch.Elapsed.TotalSeconds)} → {records}");

        ClientInfo clientInfo = stack.ClientFor(scenario.Sector, scenario.Province);
        using DeAn06Client client = stack.Connect(clientInfo);
        watch.Restart();
        BatchOutcome outcome = await BatchRun.RunAsync(client, records, BatchFormat.Csv, results, clientInfo.Id, console, ct);
        double seconds = watch.Elapsed.TotalSeconds;

        string line = ReportLine.Format(ReportSubject.Of(scenario.Sector, scenario.Province), outcome.Matched, outcome.Total, outcome.Counts, outcome.NotChecked);
        bool reproduced = outcome.Matched == scenario.Matched && outcome.Total == scenario.Total;
        console.WriteLine();
        console.MarkupLineInterpolated($"[bold]Kết quả xác thực qua cổng (gateway):[/] {line}");
        string reported = $"{VietnameseFormat.Count(scenario.Matched)}/{VietnameseFormat.Count(scenario.Total)} ({VietnameseFormat.Percent(scenario.Matched, scenario.Total)})";
        if (report.ReportedRate is { } rate)
        {
            reported = divisor > 1 ? reported + $"; báo cáo chỉ nêu tỷ lệ {rate}" : $"{rate} (báo cáo không nêu số lượng; quy mô giả định: {VietnameseFormat.Count(scenario.Total)} hồ sơ, xem docs/scenarios.md)";
        }

        console.MarkupLineInterpolated($"[bold]Số liệu báo cáo{(divisor > 1 ? $" (1/{divisor})" : "")}:[/]           {reported}");
        console.MarkupLine(reproduced ? "[green]✓ khớp đúng số liệu báo cáo[/]" : "[red]✗ không khớp số liệu báo cáo[/]");
        long sent = outcome.Total + outcome.NotChecked + outcome.Rejected;
        console.MarkupLineInterpolated($"{VietnameseFormat.Count(sent)} hồ sơ qua cổng trong {VietnameseFormat.Seconds(seconds)} ({VietnameseFormat.Count((long)((outcome.Total + outcome.NotChecked) / Math.Max(seconds, 0.001)))} hồ sơ/s), lô {string.Join(", ", outcome.JobIds)}");
        console.WriteLine();

        Evaluation evaluation = Evaluation.Compare(truth, results);
        evaluation.Render(console);
        console.MarkupLineInterpolated($"[grey]Kết quả: {results} · dữ liệu gốc: {truth}[/]");
        return reproduced && evaluation.Wrong == 0 && evaluation.Unpaired == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
