using System.Globalization;
using DeAn06.Benchmarks;

namespace DeAn06.LoadTests;

/// <summary>One scenario's figures, as NBomber reports them: counts, rate, latency distribution, bytes.</summary>
internal sealed record ScenarioResult(
    string Name,
    string Tool,
    double Seconds,
    long Ok,
    long Failed,
    IReadOnlyDictionary<string, long> Statuses,
    long Bytes,
    LatencyMs Latency,
    string? Note = null)
{
    public double RequestsPerSecond => Seconds > 0 ? (Ok + Failed) / Seconds : 0;

    public long RateLimited => Statuses.GetValueOrDefault("429");

    /// <summary>The population DB (or a service) could not answer, said as such: the UPSTREAM_UNAVAILABLE verdict, or 502/503/504.</summary>
    public long UpstreamUnavailable => Statuses.GetValueOrDefault("UPSTREAM_UNAVAILABLE")
        + Statuses.GetValueOrDefault("502") + Statuses.GetValueOrDefault("503") + Statuses.GetValueOrDefault("504");

    public string MarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Name} | {Tool} | {Ok:N0} | {Failed:N0} | {RateLimited:N0} | {UpstreamUnavailable:N0} | {RequestsPerSecond:N0} | {Latency.Min:0.00} | {Latency.Mean:0.00} | {Latency.P50:0.00} | {Latency.P75:0.00} | {Latency.P95:0.00} | {Latency.P99:0.00} | {Latency.Max:0.00} | {Bytes / 1024.0 / 1024.0:0.0} |");
}

/// <summary>Latency in milliseconds: read from wrk's own report, or from a <see cref="LatencyRecorder"/> (HdrHistogram) for the in-process senders.</summary>
internal sealed record LatencyMs(double Min, double Mean, double P50, double P75, double P95, double P99, double Max)
{
    public static LatencyMs From(LatencyRecorder r) => new(r.Min, r.Mean, r.Percentile(50), r.Percentile(75), r.Percentile(95), r.Percentile(99), r.Max);
}
