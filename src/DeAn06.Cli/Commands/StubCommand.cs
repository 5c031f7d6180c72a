using System.CommandLine;
using DeAn06.Cli.Stub;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 stub</c>: the population-DB contract from WireMock.Net mappings, with WireMock's admin API, until Ctrl+C.</summary>
internal static class StubCommand
{
    /// <summary>The default port: next to the simulator's 5301 and the stack's other ports.</summary>
    public const int DefaultPort = 5309;

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = $"Port on 127.0.0.1 (0: any free port). Default {DefaultPort}.", DefaultValueFactory = _ => DefaultPort };
        var citizens = new Option<int>("--citizens") { Description = "How many citizens of the generated population get a look-up mapping (the first N). Default 1000.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = $"Seed of the generated population (the simulator's Population:Seed). Default {PopulationOptions.DefaultSeed}.", DefaultValueFactory = _ => PopulationOptions.DefaultSeed };
        var mappingsOut = new Option<DirectoryInfo?>("--mappings-out") { Description = "Also write the generated mappings there as WireMock JSON, one file each, to edit and post to /__admin/mappings." };
        var command = new Command("stub", "Serve the population-DB contract from WireMock.Net mappings generated from the simulator's population (a sample of --citizens), " +
            "with WireMock's admin API (stubs, scenarios, request journal, delays, faults) behind a key printed at start; 127.0.0.1 only, until Ctrl+C. " +
            "--size and --seed give the same citizens as the simulator started with Population:Size and Population:Seed.")
        {
            port, citizens, seed, mappingsOut,
        };
        context.Size.For(command);
        command.SetAction(async (p, ct) =>
        {
            int wantedPort = p.GetValue(port);
            int count = p.GetValue(citizens);
            int size = context.Size.Value(p);
            if (wantedPort is not (0 or (>= 1024 and <= 65535)))
            {
                throw new CliException($"--port must be 0 or between 1024 and 65535 (got {wantedPort}).", ExitCodes.Usage);
            }

            if (count < 1 || size < 1 || size > 50_000_000)
            {
                throw new CliException($"--citizens must be at least 1 and --size between 1 and 50,000,000 (got {count} and {size}).", ExitCodes.Usage);
            }

            CitizenStore population = PopulationGenerator.Generate(p.GetValue(seed), size, new PopulationOptions().ReferenceDate);
            using PopulationStub stub = PopulationStub.Start(population, count, wantedPort);
            context.Console.MarkupLineInterpolated($"population-DB stub (WireMock.Net) at [bold]{stub.BaseAddress}[/]: {stub.Citizens.Count:N0} citizens of {size:N0} (seed {p.GetValue(seed)})");
            context.Console.MarkupLineInterpolated($"admin API: {stub.BaseAddress}__admin  user {PopulationStub.AdminUser}  key {stub.AdminKey}");
            context.Console.MarkupLineInterpolated($"  e.g. curl -u {PopulationStub.AdminUser}:{stub.AdminKey} {stub.BaseAddress}__admin/mappings");
            if (p.GetValue(mappingsOut) is { } folder)
            {
                int written = stub.SaveMappings(folder.FullName);
                context.Console.MarkupLineInterpolated($"{written:N0} mappings written to {folder.FullName}");
            }

            context.Console.MarkupLine("Running. [bold]Ctrl+C[/] stops it.");
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
}
