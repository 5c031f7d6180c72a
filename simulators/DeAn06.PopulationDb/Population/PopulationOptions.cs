using System.ComponentModel.DataAnnotations;

namespace DeAn06.PopulationDb.Population;

/// <summary>What population to generate at start-up. Section "Population".</summary>
public sealed class PopulationOptions
{
    public const string SectionName = "Population";

    /// <summary>The default seed: 20240701. Same seed and size give the same citizens everywhere.</summary>
    public const ulong DefaultSeed = 20240701;

    /// <summary>The default size: 1,000,000 citizens.</summary>
    public const int DefaultSize = 1_000_000;

    /// <summary>Random seed. The default value is <see cref="DefaultSeed"/>.</summary>
    public ulong Seed { get; set; } = DefaultSeed;

    /// <summary>Number of citizens. The default value is <see cref="DefaultSize"/>.</summary>
    [Range(1, 50_000_000)]
    public int Size { get; set; } = DefaultSize;

    /// <summary>
    /// The "today" of the simulated database: ages, deaths and CMND holding are computed against it,
    /// never against the wall clock, so a population does not drift. The default value is 2024-07-01.
    /// </summary>
    public DateOnly ReferenceDate { get; set; } = new(2024, 7, 1);
}
