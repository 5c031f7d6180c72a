namespace DeAn06.PopulationDb.Population.Generation;

/// <summary>Draws an index with probability proportional to its weight (cumulative table, binary search).</summary>
internal sealed class WeightedTable
{
    private readonly double[] _cumulative;

    public WeightedTable(IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfZero(weights.Count);
        _cumulative = new double[weights.Count];
        double sum = 0;
        for (int i = 0; i < weights.Count; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(weights[i]);
            sum += weights[i];
            _cumulative[i] = sum;
        }

        ArgumentOutOfRangeException.ThrowIfZero(sum);
    }

    public int Count => _cumulative.Length;

    public int Sample(ref Rng rng)
    {
        double target = rng.NextDouble() * _cumulative[^1];
        int index = Array.BinarySearch(_cumulative, target);
        index = index < 0 ? ~index : index + 1;
        return Math.Min(index, _cumulative.Length - 1);
    }

    /// <summary>Zipf-like weights 1/(rank+1)^s for a list given most common first.</summary>
    public static double[] Zipf(int count, double exponent = 0.9)
    {
        var weights = new double[count];
        for (int i = 0; i < count; i++)
        {
            weights[i] = 1.0 / Math.Pow(i + 1, exponent);
        }

        return weights;
    }
}
