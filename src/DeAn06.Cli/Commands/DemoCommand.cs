using System.CommandLine;
using System.Diagnostics;
using DeAn06.Cli.Runs;
using DeAn06.Cli.Stack;
using DeAn06.SectorData.Scenarios;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 demo</c>: start everything, run the Bắc Kạn BHXH report through the gateway, report, evaluate, stop.</summary>
internal static class DemoCommand
{
    public const string ScenarioName = "backan-bhxh-2024-07";

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", $"Start the chain, run the Bắc Kạn BHXH 07/2024 scenario ({ScenarioName}) through the gateway, print the Vietnamese report and the evaluation, then stop.");
        context.WithStackOptions(command);
        command.SetAction(async (p, ct) =>
        {
            var watch = Stopwatch.StartNew();
            IAnsiConsole console = context.Console;
            console.Write(new Rule("[bold]DeAn06 demo[/]: BHXH Bắc Kạn 07/2024 through the gateway").LeftJustified());
            int result;
            string messageLog;
            // The demo's own stack, in its own folder emptied at each start: its figures and message log
            // are this run's alone, and a 'dean06 up' stack's data in the folder above is never touched.
            await using (LocalStack stack = await context.StartAsync(p, ct, resetting: _ => { }, dataFolder: Path.Combine(context.DataFolder(p), "demo"), oneCommand: true))
            {
                console.MarkupLineInterpolated($"[grey]started in {watch.Elapsed.TotalSeconds:0.0} s[/]");
                Scenario scenario = DeAn06.SectorData.Scenarios.Scenarios.Find(ScenarioName)!;
                result = await ScenarioRunner.RunAsync(stack.Info, scenario, 1, Path.Combine(context.DataFolder(p), "scenarios"), console, ct);

                console.WriteLine();
                console.Write(new Rule("Báo cáo của cán bộ vận hành (GET /api/v1/statistics, client OPS)").LeftJustified());
                using DeAn06.Client.DeAn06Client ops = stack.Info.Connect(stack.Info.Clients["OPS"]);
                console.WriteLine((await ops.GetStatisticsAsync("text", cancellationToken: ct)).TrimEnd());
                messageLog = stack.Info.MessageLogPath;
            }

            console.WriteLine();
            console.Write(new Rule("Nhật ký trao đổi (message log): chuỗi băm và dấu niêm phong").LeftJustified());
            int audit = await GatewayToolCommands.RunGatewayToolAsync(GatewayToolCommands.AuditArguments(messageLog), console, ct);
            console.MarkupLineInterpolated($"[bold]demo finished in {watch.Elapsed.TotalSeconds:0.0} s[/] (start-up, generation, batch through the gateway, evaluation, shut-down)");
            return result != ExitCodes.Ok ? result : audit;
        });
        return command;
    }
}
