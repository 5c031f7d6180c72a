using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.PopulationDb.Tests.Support;

/// <summary>One 200,000-citizen population shared by the distribution tests (about half a second to build).</summary>
public sealed class PopulationFixture
{
    public const ulong Seed = 42;
    public const int Size = 200_000;

    public CitizenStore Store { get; } = PopulationGenerator.Generate(Seed, Size, new DateOnly(2024, 7, 1));
}
