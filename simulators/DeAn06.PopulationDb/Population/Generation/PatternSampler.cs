using DeAn06.PopulationDb.Population.Data;

namespace DeAn06.PopulationDb.Population.Generation;

/// <summary>A <see cref="NamingPattern"/> compiled to weighted tables over <see cref="NameCatalogue"/> indexes.</summary>
internal sealed class PatternSampler
{
    private readonly Choice _family;
    private readonly Choice _maleMiddleOlder;
    private readonly Choice _maleMiddleYounger;
    private readonly Choice _femaleMiddleOlder;
    private readonly Choice _femaleMiddleYounger;
    private readonly Choice _maleGiven;
    private readonly Choice _femaleGiven;

    public PatternSampler(NamingPattern pattern, NameCatalogue names)
    {
        Ethnicity = pattern.Ethnicity;
        _family = Choice.Of(pattern.FamilyNames, names.FamilyIndex);
        _maleMiddleOlder = Choice.Of(pattern.MaleMiddleOlder, names.MiddleIndex);
        _maleMiddleYounger = Choice.Of(pattern.MaleMiddleYounger, names.MiddleIndex);
        _femaleMiddleOlder = Choice.Of(pattern.FemaleMiddleOlder, names.MiddleIndex);
        _femaleMiddleYounger = Choice.Of(pattern.FemaleMiddleYounger, names.MiddleIndex);
        _maleGiven = Choice.Zipf(pattern.MaleGiven, names.GivenIndex);
        _femaleGiven = Choice.Zipf(pattern.FemaleGiven, names.GivenIndex);
    }

    public Ethnicity Ethnicity { get; }

    public byte Family(ref Rng rng) => (byte)_family.Sample(ref rng);

    public ushort Middle(bool male, int birthYear, ref Rng rng)
    {
        bool older = birthYear < 1980;
        Choice table = male
            ? (older ? _maleMiddleOlder : _maleMiddleYounger)
            : (older ? _femaleMiddleOlder : _femaleMiddleYounger);
        return (ushort)table.Sample(ref rng);
    }

    public ushort Given(bool male, ref Rng rng) => (ushort)(male ? _maleGiven : _femaleGiven).Sample(ref rng);

    private sealed class Choice(WeightedTable table, int[] indexes)
    {
        public static Choice Of(IReadOnlyList<(string Name, double Weight)> items, Func<string, int> indexOf) =>
            new(new WeightedTable(items.Select(i => i.Weight).ToArray()), items.Select(i => indexOf(i.Name)).ToArray());

        public static Choice Zipf(IReadOnlyList<string> items, Func<string, int> indexOf) =>
            new(new WeightedTable(WeightedTable.Zipf(items.Count)), items.Select(indexOf).ToArray());

        public int Sample(ref Rng rng) => indexes[table.Sample(ref rng)];
    }
}
