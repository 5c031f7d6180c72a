using System.CommandLine;
using DeAn06.Cli.Runs;
using DeAn06.Cli.Stack;
using DeAn06.Contracts.Reports;
using DeAn06.SectorData.Scenarios;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 scenario list|run NAME</c>.</summary>
internal static class ScenarioCommands
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "The report scenarios: sector, province, records and matched as the provinces reported.");
        list.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("name").AddColumn("report").AddColumn("client").AddColumn("policy")
                .AddColumn(new TableColumn("matched/total").RightAligned());
            foreach (Scenario s in DeAn06.SectorData.Scenarios.Scenarios.All)
            {
                string figures = $"{VietnameseFormat.Count(s.Matched)}/{VietnameseFormat.Count(s.Total)} ({VietnameseFormat.Percent(s.Matched, s.Total)})";
                table.AddRow(s.Name, Markup.Escape(s.Title), $"{s.Sector}-{s.Province}", s.Policy == "strict" ? "chặt (strict)" : s.Policy == "tolerant" ? "linh hoạt (tolerant)" : s.Policy,
                    s.ReportedRate is { } rate ? $"{rate} [grey](giả định {VietnameseFormat.Count(s.Matched)}/{VietnameseFormat.Count(s.Total)})[/]" : figures);
            }

            context.Console.Write(table);
            context.Console.MarkupLine("Split assumptions (and the size assumed where a report gives only a rate): docs/scenarios.md. Run one: [bold]dean06 scenario run NAME[/] (--scale N for 1/N of its size).");
            return ExitCodes.Ok;
        });

        var name = new Argument<string>("name") { Description = "A scenario from 'dean06 scenario list'." };
        var scale = new Option<int>("--scale")
        {
            Description = "Run 1/N of the scenario's size (counts rounded; the figures printed are those of the reduced scenario).",
            DefaultValueFactory = _ => 1,
            CustomParser = IntegerArgument.Parser("--scale", 1),
        };
        var run = new Command("run", "Generate the scenario's dataset, send it through the gateway as the province's client, print the report line and the evaluation against the ground truth. Exit 0 only if the report's figures are reproduced exactly.") { name, scale };
        context.WithStackOptions(run);
        run.SetAction(async (p, ct) =>
        {
            string wanted = p.GetValue(name)!;
            Scenario scenario = DeAn06.SectorData.Scenarios.Scenarios.Find(wanted)
                ?? throw new CliException($"No scenario '{wanted}'; known: {string.Join(", ", DeAn06.SectorData.Scenarios.Scenarios.All.Select(s => s.Name))}.", ExitCodes.Usage);
            int divisor = p.GetValue(scale);
            if (divisor is < 1 or > 100_000)
            {
                throw new CliException($"--scale must be between 1 and 100000 (got {divisor}).", ExitCodes.Usage);
            }

            var (info, owned) = await context.AttachOrStartAsync(p, ct);
            await using (owned)
            {
                return await ScenarioRunner.RunAsync(info, scenario, divisor, Path.Combine(context.DataFolder(p), "scenarios"), context.Console, ct);
            }
        });

        return new Command("scenario", "The provinces' reported figures as runnable scenarios.") { list, run };
    }
}
