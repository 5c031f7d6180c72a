namespace DeAn06.Benchmarks;

/// <summary>Percentiles over recorded samples (ms), nearest-rank.</summary>
internal sealed class LatencyStats
{
    private readonly List<double> _samples = [];

    public int Count => _samples.Count;

    public void Add(double ms)
    {
        lock (_samples)
        {
            _samples.Add(ms);
        }
    }

    public void Merge(LatencyStats other)
    {
        lock (_samples)
        {
            _samples.AddRange(other._samples);
        }
    }

    public double Percentile(double p)
    {
        if (_samples.Count == 0)
        {
            return double.NaN;
        }

        _samples.Sort();
        int rank = (int)Math.Ceiling(p / 100.0 * _samples.Count) - 1;
        return _samples[Math.Clamp(rank, 0, _samples.Count - 1)];
    }

    public string Summary() =>
        $"n={Count:N0} min={Percentile(0):0.000} p50={Percentile(50):0.000} p75={Percentile(75):0.000} p95={Percentile(95):0.000} p99={Percentile(99):0.000} max={Percentile(100):0.000} ms";
}
