using DeAn06.Cli.Stack;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Cli.Tests.Support;

/// <summary>One stack (as 'dean06 up' starts it) for the whole test collection, on free loopback ports.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const int PopulationSize = 200_000;
    private LocalStack _stack = null!;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "dean06-tests", "cli-" + Guid.NewGuid().ToString("N")[..8]);

    internal StackInfo Info => _stack.Info;

    public int PortBase { get; private set; }

    /// <summary>The population the simulator holds (same seed, size and date).</summary>
    public CitizenStore Population { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        PortBase = FreePortBase();
        _stack = await LocalStack.StartAsync(RepoLayout.Find(), DataFolder, PopulationSize, PortBase, _ => { }, CancellationToken.None);
        Population = PopulationGenerator.Generate(Info.PopulationSeed, Info.PopulationSize, Info.ReferenceDate);
    }

    /// <summary>The first living citizen at or after <paramref name="index"/> (the dead are verified as DECEASED).</summary>
    public Citizen Living(int index)
    {
        while (Population[index].IsDeceased)
        {
            index++;
        }

        return Population[index];
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    /// <summary>dean06 with this stack's data folder.</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliResult.RunAsync(["--data", DataFolder, .. args]);

    /// <summary>Three consecutive free ports, away from the defaults a developer's 'dean06 up' may hold.</summary>
    public static int FreePortBase() => LoopbackPorts.FreeBase(20_000, 40_000);
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
