using System.Globalization;
using HdrHistogram;

namespace DeAn06.Benchmarks;

/// <summary>
/// The one latency recorder of the benchmarks and the load runner: an HdrHistogram
/// (<see cref="LongConcurrentHistogram"/>, safe to record into from many tasks at once) in 100-ns
/// ticks with three significant digits, so a percentile is within 0.1 % of the exact one and memory
/// stays fixed however many samples are recorded. Reads back in milliseconds.
/// </summary>
internal sealed class LatencyRecorder
{
    /// <summary>Longest latency kept as is; anything longer (never expected: clients time out at 10 s) counts as this.</summary>
    public static readonly TimeSpan Highest = TimeSpan.FromMinutes(10);

    private readonly LongConcurrentHistogram _histogram = new(1, Highest.Ticks, 3);

    public long Count => _histogram.TotalCount;

    public void Record(TimeSpan latency) => _histogram.RecordValue(Math.Clamp(latency.Ticks, 0, Highest.Ticks));

    /// <summary>A latency already in milliseconds (a <c>Server-Timing</c> duration).</summary>
    public void RecordMilliseconds(double ms) => Record(TimeSpan.FromTicks((long)Math.Round(Math.Clamp(ms, 0, Highest.TotalMilliseconds) * TimeSpan.TicksPerMillisecond)));

    /// <summary>Adds another recorder's samples (rounds of a phase); not while either is being recorded into.</summary>
    public void Add(LatencyRecorder other) => _histogram.Add(other._histogram);

    /// <summary>The latency at percentile <paramref name="p"/> (0–100) in ms; 0 gives the minimum, 100 the maximum; NaN without samples.</summary>
    public double Percentile(double p) => Count == 0 ? double.NaN : Ms(_histogram.GetValueAtPercentile(p));

    public double Min => Percentile(0);

    public double Max => Count == 0 ? double.NaN : Ms(_histogram.GetMaxValue());

    public double Mean => Count == 0 ? double.NaN : _histogram.GetMean() / TimeSpan.TicksPerMillisecond;

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count:N0} min={Min:0.000} p50={Percentile(50):0.000} p75={Percentile(75):0.000} p95={Percentile(95):0.000} p99={Percentile(99):0.000} max={Max:0.000} ms");

    private static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;
}
