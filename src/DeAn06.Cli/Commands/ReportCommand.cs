using System.CommandLine;
using DeAn06.Client;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 report</c>: the operators' statistics from the running stack.</summary>
internal static class ReportCommand
{
    private static readonly string[] Formats = ["text", "markdown", "csv", "json"];

    public static Command Create(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "text, markdown, csv or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var sector = new Option<string?>("--sector") { Description = "Only this sector (e.g. BHXH)." };
        var province = new Option<string?>("--province") { Description = "Only this province (two-digit code, e.g. 06 for Bắc Kạn)." };
        var byDay = new Option<bool>("--by-day") { Description = "One line per day." };
        var command = new Command("report", "Match statistics per sector and province in the reports' format (as the operator client, through the gateway), then each gateway and verification node's health (text and Markdown).") { format, sector, province, byDay };
        context.Data.For(command);
        command.SetAction(async (p, ct) =>
        {
            var info = await context.RunningAsync(p, ct)
                ?? throw new CliException("No running stack to report on: start one with 'dean06 up' (and run a scenario or a file through it).", ExitCodes.Unavailable);
            var filters = new Dictionary<string, string>();
            if (p.GetValue(sector) is { } s)
            {
                filters["sector"] = s.ToUpperInvariant();
            }

            if (p.GetValue(province) is { } pr)
            {
                filters["province"] = pr;
            }

            if (p.GetValue(byDay))
            {
                filters["groupBy"] = "day";
            }

            using DeAn06Client ops = info.Connect(info.Clients["OPS"]);
            string report = await ops.GetStatisticsAsync(p.GetValue(format)!, filters, ct);
            context.Console.Profile.Out.Writer.Write(report.EndsWith('\n') ? report : report + "\n"); // JSON comes without a final newline
            if (p.GetValue(format) is "text" or "markdown")
            {
                // Statistics are already the cluster's total (one shared store); the nodes' health is per node.
                var nodes = await Runs.NodeHealth.ProbeAsync(Runs.NodeHealth.List(context.DataFolder(p), info), ct);
                context.Console.Profile.Out.Writer.Write(Runs.NodeHealth.Format(nodes, p.GetValue(format) == "markdown"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
