using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using DeAn06.Gateway.RateLimiting;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.Metrics;

/// <summary>
/// The gateway's own meter ("DeAn06.Gateway"): requests per route, client and status, latency per
/// route, the rate limiter's refusals, each upstream destination's health and the message log's
/// progress. OpenTelemetry exposes it on /metrics (Prometheus text) and, when configured, over OTLP.
/// The counts are also kept here, because the operators' view reads them back (<see cref="Snapshot"/>);
/// the counters are therefore observable instruments read from those counts at each collection, so a
/// request pays for one count and one histogram sample, not for two counts.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "DeAn06.Gateway";

    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly ConcurrentDictionary<(string Route, string Client, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, LatencyBuckets> _latency = new(StringComparer.Ordinal);
    private readonly ConsumerLimiter _limiter;
    private readonly IProxyStateLookup _proxy;
    private readonly Histogram<double> _duration;

    public GatewayMetrics(ConsumerLimiter limiter, IProxyStateLookup proxy, MessageLog.MessageLogWriter messageLog, IMeterFactory meters)
    {
        _limiter = limiter;
        _proxy = proxy;
        Meter meter = meters.Create(MeterName);
        // The names are the Prometheus names the platform's dashboards already read (docs/operations.md).
        meter.CreateObservableCounter("dean06_gateway_requests_total", ObserveRequests, description: "Requests by route, client and status.");
        _duration = meter.CreateHistogram("dean06_gateway_request_duration_seconds", unit: null, "Time from request to last response byte.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        meter.CreateObservableCounter("dean06_gateway_rate_limited_total", ObserveRateLimited, description: "Requests refused by the rate limits (client * = global limit).");
        meter.CreateObservableGauge("dean06_gateway_upstream_healthy", ObserveUpstreams, description: "1 when a destination is not known to be unhealthy.");
        // A queue that keeps growing means the log cannot keep up, and requests start waiting for it.
        meter.CreateObservableGauge("dean06_gateway_message_log_queued", () => messageLog.Queued, description: "Exchanges answered but not yet written to the message log.");
        meter.CreateObservableCounter("dean06_gateway_message_log_written_total", () => messageLog.Written, description: "Message-log entries committed since start.");
    }

    public void Record(string? route, string? client, int status, double seconds)
    {
        route ??= "-";
        _requests.AddOrUpdate((route, client ?? "-", status), 1, (_, n) => n + 1);
        _latency.GetOrAdd(route, _ => new LatencyBuckets()).Observe(seconds);
        _duration.Record(seconds, new KeyValuePair<string, object?>("route", route));
    }

    /// <summary>What the operators' view shows: per client counts by status class, latency percentiles, rate-limit refusals, upstream health.</summary>
    public PlatformSnapshot Snapshot()
    {
        var clients = _requests.GroupBy(r => r.Key.Client, StringComparer.Ordinal)
            .Select(g => new ClientCounts(g.Key,
                g.Where(r => r.Key.Status < 400).Sum(r => r.Value),
                g.Where(r => r.Key.Status is >= 400 and < 500 and not 429).Sum(r => r.Value),
                g.Where(r => r.Key.Status >= 500).Sum(r => r.Value),
                g.Where(r => r.Key.Status == 429).Sum(r => r.Value)))
            .OrderBy(c => c.Client, StringComparer.Ordinal).ToList();
        long[] merged = new long[Buckets.Length + 1];
        foreach (LatencyBuckets h in _latency.Values)
        {
            h.AddTo(merged);
        }

        var upstreams = _proxy.GetClusters().SelectMany(c => c.Destinations.Values.Select(d => new UpstreamHealth(c.ClusterId, d.DestinationId, Healthy(d)))).ToList();
        return new PlatformSnapshot(_requests.Values.Sum(), clients, Percentile(merged, 0.50), Percentile(merged, 0.95), Percentile(merged, 0.99),
            _limiter.Rejected.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal), upstreams);
    }

    private IEnumerable<Measurement<long>> ObserveRequests() =>
        _requests.Select(r => new Measurement<long>(r.Value,
            new KeyValuePair<string, object?>("route", r.Key.Route),
            new KeyValuePair<string, object?>("client", r.Key.Client),
            new KeyValuePair<string, object?>("status", r.Key.Status.ToString(CultureInfo.InvariantCulture))));

    private IEnumerable<Measurement<long>> ObserveRateLimited() =>
        _limiter.Rejected.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("client", r.Key)));

    private IEnumerable<Measurement<int>> ObserveUpstreams() =>
        _proxy.GetClusters().SelectMany(c => c.Destinations.Values.Select(d => new Measurement<int>(Healthy(d) ? 1 : 0,
            new KeyValuePair<string, object?>("cluster", c.ClusterId),
            new KeyValuePair<string, object?>("destination", d.DestinationId))));

    private static bool Healthy(DestinationState d) =>
        d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy;

    /// <summary>The upper bound (ms) of the bucket holding the <paramref name="q"/> quantile; null without samples or past the last bound.</summary>
    private static double? Percentile(long[] counts, double q)
    {
        long total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        long rank = (long)Math.Ceiling(q * total), seen = 0;
        for (int i = 0; i < Buckets.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Buckets[i] * 1000;
            }
        }

        return null;
    }

    /// <summary>
    /// Counts per latency bucket for the operators' percentiles. OpenTelemetry's histogram cannot be
    /// read back in process, so the view keeps these few interlocked counters of its own.
    /// </summary>
    private sealed class LatencyBuckets
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];

        public void Observe(double seconds)
        {
            int i = 0;
            while (i < Buckets.Length && seconds > Buckets[i])
            {
                i++;
            }

            Interlocked.Increment(ref _counts[i]);
        }

        public void AddTo(long[] totals)
        {
            for (int i = 0; i < _counts.Length; i++)
            {
                totals[i] += Interlocked.Read(ref _counts[i]);
            }
        }
    }
}
