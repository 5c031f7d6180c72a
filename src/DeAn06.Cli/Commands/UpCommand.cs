using System.CommandLine;
using DeAn06.Cli.Stack;
using DeAn06.Contracts.Reports;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 up</c>: the three services until Ctrl+C.</summary>
internal static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var reset = new Option<bool>("--reset")
        {
            Description = "Start empty: delete the data folder's run/ (databases, message log, keys, certificates, logs) and stack.json first, naming each path.",
        };
        var faults = new Option<bool>("--faults")
        {
            Description = "Turn on the population-DB simulator's admin API (fault rules per endpoint and per ID, canned answers, citizens of your own, " +
                "the request journal) under a key made up for this start and printed; see docs/population-db.md.",
        };
        var command = new Command("up", "Start the population-DB simulator, the verification service and the gateway on 127.0.0.1 (SQLite) and keep them running until Ctrl+C. " +
            "A restart on the same data folder keeps its jobs, statistics, message log, keys and client secrets.") { reset, faults };
        context.WithStackOptions(command);
        command.SetAction(async (p, ct) =>
        {
            Action<string>? resetting = p.GetValue(reset) ? path => context.Console.MarkupLineInterpolated($"--reset deletes {path}") : null;
            // New at each start; it reaches the simulator through its environment, never its command line.
            string? adminKey = p.GetValue(faults) ? "popdb-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) : null;
            await using LocalStack stack = await context.StartAsync(p, ct, resetting, simulatorAdminKey: adminKey);
            Render(context.Console, stack.Info, context.DataFolder(p));
            if (adminKey is not null)
            {
                RenderAdmin(context.Console, stack.Info.PopulationDb, adminKey);
            }

            context.Console.MarkupLine("Running. [bold]Ctrl+C[/] stops all three.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                context.Console.MarkupLine("stopping…");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static void RenderAdmin(IAnsiConsole console, Uri simulator, string key)
    {
        console.MarkupLineInterpolated($"Population-DB admin API (faults, journal, citizens): [bold]{new Uri(simulator, "admin/")}[/]");
        console.MarkupLineInterpolated($"  X-Admin-Key: [bold]{key}[/]");
        console.MarkupLineInterpolated($"  e.g. curl -H 'X-Admin-Key: {key}' {new Uri(simulator, "admin/journal?last=20")}");
    }

    internal static void Render(IAnsiConsole console, StackInfo info, string dataFolder)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("service").AddColumn("address");
        table.AddRow("gateway (call this)", info.Gateway.ToString());
        table.AddRow("verification service", info.Verification.ToString());
        table.AddRow("population-DB simulator", $"{info.PopulationDb} ({VietnameseFormat.Count(info.PopulationSize)} công dân)");
        table.AddRow("operators' view (browser)", new Uri(info.Gateway, "ops/").ToString());
        console.Write(table);
        // The operators' sign-in: the development secret made up for this data folder (also in stack.json, 0600).
        if (info.Clients.GetValueOrDefault("OPS") is { } ops)
        {
            console.MarkupLineInterpolated($"Operators' view: [bold]{new Uri(info.Gateway, "ops/")}[/], sign in as [bold]{ops.Id}[/] with the secret [bold]{ops.Secret}[/]");
        }

        console.MarkupLineInterpolated($"Clients ({string.Join(", ", info.Clients.Keys)}), their secrets and certificates: {Path.Combine(dataFolder, StackInfo.FileName)} and {info.CertificatesFolder}");
    }
}
