using HdrHistogram;

namespace DeAn06.Gateway.Metrics;

/// <summary>
/// The last hour of traffic in 10-second slots, for the operators' charts: requests, failures and
/// latency percentiles as values (not bucket bounds). Durations go into HdrHistogram histograms
/// (microseconds, three significant digits: a percentile is within 0.1 % of the exact one however
/// many requests a slot sees, in fixed memory). A slot's histogram is kept while the slot can still be
/// in <see cref="Summary"/>'s window (<see cref="HistogramSlots"/> slots, ~94 KB each); when it is reused
/// the closed slot keeps only its three percentiles, which is all <see cref="Series"/> needs of it.
/// Recording is a short lock and no allocation.
/// </summary>
public sealed class RecentTraffic(TimeProvider time)
{
    /// <summary>The width of one slot.</summary>
    public static readonly TimeSpan SlotWidth = TimeSpan.FromSeconds(10);

    /// <summary>Slots whose histograms are kept: the summary's window (at most 5 minutes) and the current slot.</summary>
    public const int HistogramSlots = 32;

    /// <summary>Longest duration kept as is (µs); a longer one counts as this.</summary>
    private const long HighestMicroseconds = 3_600_000_000;

    private const int Slots = 360;
    private readonly Lock _gate = new();
    private readonly Slot[] _slots = Enumerable.Range(0, Slots).Select(_ => new Slot()).ToArray();
    private readonly (long Index, IntHistogram Histogram)[] _histograms =
        Enumerable.Range(0, HistogramSlots).Select(_ => (-1L, NewHistogram())).ToArray();
    private readonly IntHistogram _merged = NewHistogram();

    /// <summary>Counts one answer; <paramref name="failed"/> for 5xx and UPSTREAM_UNAVAILABLE answers.</summary>
    public void Record(double seconds, bool failed)
    {
        long index = time.GetUtcNow().Ticks / SlotWidth.Ticks;
        long micros = (long)Math.Clamp(Math.Round(seconds * 1_000_000), 0, HighestMicroseconds);
        lock (_gate)
        {
            Slot slot = _slots[index % Slots];
            if (slot.Index != index)
            {
                slot.Start(index);
            }

            slot.Requests++;
            if (failed)
            {
                slot.Failures++;
            }

            ref (long Index, IntHistogram Histogram) kept = ref _histograms[index % HistogramSlots];
            if (kept.Index != index)
            {
                // The histogram of a closed slot is reused: that slot keeps its percentiles.
                if (kept.Index >= 0 && _slots[kept.Index % Slots] is { } closed && closed.Index == kept.Index && closed.Percentiles is null)
                {
                    closed.Percentiles = Percentiles(kept.Histogram);
                }

                kept.Histogram.Reset();
                kept.Index = index;
            }

            kept.Histogram.RecordValue(micros);
        }
    }

    /// <summary>One point per slot over <paramref name="window"/> (at most an hour), oldest first; empty slots have no percentiles.</summary>
    public IReadOnlyList<TrafficPoint> Series(TimeSpan window)
    {
        long now = time.GetUtcNow().Ticks / SlotWidth.Ticks;
        int count = (int)Math.Clamp(window.Ticks / SlotWidth.Ticks, 1, Slots - 1);
        var points = new List<TrafficPoint>(count);
        lock (_gate)
        {
            for (long i = now - count + 1; i <= now; i++)
            {
                Slot slot = _slots[i % Slots];
                var (p50, p95, p99) = slot.Index != i ? default : slot.Percentiles ?? Live(i, closed: i < now);
                points.Add(slot.Index != i
                    ? new TrafficPoint(At(i), 0, 0, null, null, null)
                    : new TrafficPoint(At(i), slot.Requests, slot.Failures, p50, p95, p99));
            }
        }

        return points;
    }

    /// <summary>Requests, failures and latency percentiles over the last <paramref name="window"/> (at most <see cref="HistogramSlots"/> − 1 slots).</summary>
    public TrafficPoint Summary(TimeSpan window)
    {
        long now = time.GetUtcNow().Ticks / SlotWidth.Ticks;
        int count = (int)Math.Clamp(window.Ticks / SlotWidth.Ticks, 1, HistogramSlots - 1);
        long requests = 0, failures = 0;
        lock (_gate)
        {
            _merged.Reset();
            for (long i = now - count + 1; i <= now; i++)
            {
                Slot slot = _slots[i % Slots];
                if (slot.Index != i)
                {
                    continue;
                }

                requests += slot.Requests;
                failures += slot.Failures;
                if (_histograms[i % HistogramSlots] is { } kept && kept.Index == i)
                {
                    _merged.Add(kept.Histogram);
                }
            }

            var (p50, p95, p99) = Percentiles(_merged);
            return new TrafficPoint(time.GetUtcNow(), requests, failures, p50, p95, p99);
        }
    }

    private static DateTimeOffset At(long index) => new(index * SlotWidth.Ticks, TimeSpan.Zero);

    /// <summary>Percentiles from the slot's kept histogram; a closed slot keeps them (its histogram no longer changes).</summary>
    private (double?, double?, double?) Live(long index, bool closed)
    {
        (long Index, IntHistogram Histogram) kept = _histograms[index % HistogramSlots];
        if (kept.Index != index)
        {
            return default; // not reached: a slot with requests has its histogram or its percentiles
        }

        var percentiles = Percentiles(kept.Histogram);
        if (closed)
        {
            _slots[index % Slots].Percentiles = percentiles;
        }

        return percentiles;
    }

    /// <summary>
    /// p50, p95 and p99 in ms, rounded to 0.1 ms; nulls without samples. The histogram answers a percentile with the
    /// top of the value's bucket; the bucket's middle is the closer estimate (within half a bucket, 0.05 %).
    /// </summary>
    private static (double?, double?, double?) Percentiles(IntHistogram histogram) =>
        histogram.TotalCount == 0 ? default : (Ms(histogram, 50), Ms(histogram, 95), Ms(histogram, 99));

    private static double Ms(IntHistogram histogram, double percentile) => Math.Round(histogram.MedianEquivalentValue(histogram.GetValueAtPercentile(percentile)) / 1000.0, 1);

    private static IntHistogram NewHistogram() => new(1, HighestMicroseconds, 3);

    private sealed class Slot
    {
        public long Index { get; private set; } = -1;

        public long Requests { get; set; }

        public long Failures { get; set; }

        /// <summary>Set once the slot is closed and its percentiles read, or its histogram reused.</summary>
        public (double? P50, double? P95, double? P99)? Percentiles { get; set; }

        public void Start(long index)
        {
            Index = index;
            Requests = 0;
            Failures = 0;
            Percentiles = null;
        }
    }
}
