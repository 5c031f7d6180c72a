namespace DeAn06.Gateway.Metrics;

/// <summary>
/// The last hour of traffic in 10-second slots, for the operators' charts: requests, failures and
/// latency percentiles as values (not bucket bounds). Each slot keeps a uniform sample of at most
/// <see cref="SamplesPerSlot"/> durations (reservoir sampling), so percentiles cost a sort of a few
/// thousand numbers when the page asks, and nothing more on the hot path than a short lock.
/// Written here rather than with HdrHistogram: its 2.5.0 package only targets netstandard1.3 and
/// would bring that era's dependency graph into the gateway for one percentile.
/// </summary>
public sealed class RecentTraffic(TimeProvider time)
{
    /// <summary>The width of one slot.</summary>
    public static readonly TimeSpan SlotWidth = TimeSpan.FromSeconds(10);

    private const int Slots = 360;
    private const int SamplesPerSlot = 2048;
    private readonly Slot[] _slots = Enumerable.Range(0, Slots).Select(_ => new Slot()).ToArray();

    /// <summary>Counts one answer; <paramref name="failed"/> for 5xx and UPSTREAM_UNAVAILABLE answers.</summary>
    public void Record(double seconds, bool failed)
    {
        long index = time.GetUtcNow().Ticks / SlotWidth.Ticks;
        _slots[index % Slots].Add(index, seconds * 1000, failed);
    }

    /// <summary>One point per slot over <paramref name="window"/> (at most an hour), oldest first; empty slots have no percentiles.</summary>
    public IReadOnlyList<TrafficPoint> Series(TimeSpan window)
    {
        long now = time.GetUtcNow().Ticks / SlotWidth.Ticks;
        int count = (int)Math.Clamp(window.Ticks / SlotWidth.Ticks, 1, Slots - 1);
        var points = new List<TrafficPoint>(count);
        for (long i = now - count + 1; i <= now; i++)
        {
            var (requests, failures, samples) = _slots[i % Slots].Read(i);
            Array.Sort(samples);
            points.Add(new TrafficPoint(new DateTimeOffset(i * SlotWidth.Ticks, TimeSpan.Zero), requests, failures,
                Quantile(samples, 0.50), Quantile(samples, 0.95), Quantile(samples, 0.99)));
        }

        return points;
    }

    /// <summary>Requests, failures and latency percentiles over the last <paramref name="window"/>.</summary>
    public TrafficPoint Summary(TimeSpan window)
    {
        long now = time.GetUtcNow().Ticks / SlotWidth.Ticks;
        int count = (int)Math.Clamp(window.Ticks / SlotWidth.Ticks, 1, Slots - 1);
        long requests = 0, failures = 0;
        var all = new List<double>();
        for (long i = now - count + 1; i <= now; i++)
        {
            var (r, f, samples) = _slots[i % Slots].Read(i);
            requests += r;
            failures += f;
            all.AddRange(samples);
        }

        double[] sorted = [.. all];
        Array.Sort(sorted);
        return new TrafficPoint(time.GetUtcNow(), requests, failures, Quantile(sorted, 0.50), Quantile(sorted, 0.95), Quantile(sorted, 0.99));
    }

    /// <summary>The nearest-rank quantile, rounded to 0.1 ms; null without samples.</summary>
    private static double? Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)], 1);

    private sealed class Slot
    {
        private readonly Lock _gate = new();
        private readonly double[] _samples = new double[SamplesPerSlot];
        private long _index = -1;
        private long _requests;
        private long _failures;

        public void Add(long index, double ms, bool failed)
        {
            lock (_gate)
            {
                if (_index != index)
                {
                    _index = index;
                    _requests = 0;
                    _failures = 0;
                }

                long n = _requests++;
                if (failed)
                {
                    _failures++;
                }

                if (n < SamplesPerSlot)
                {
                    _samples[n] = ms;
                }
                else if (Random.Shared.NextInt64(n + 1) is var j && j < SamplesPerSlot)
                {
                    _samples[j] = ms;
                }
            }
        }

        public (long Requests, long Failures, double[] Samples) Read(long index)
        {
            lock (_gate)
            {
                return _index != index ? (0, 0, []) : (_requests, _failures, _samples[..(int)Math.Min(_requests, SamplesPerSlot)]);
            }
        }
    }
}
