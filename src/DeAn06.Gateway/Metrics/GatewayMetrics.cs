using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using DeAn06.Gateway.RateLimiting;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.Metrics;

/// <summary>
/// The gateway's own meter ("DeAn06.Gateway"): requests per route, client and status, latency per
/// route, the rate limiter's refusals and each upstream destination's health (the message log's
/// progress is on the same meter, from <c>MessageLogWriter</c>). OpenTelemetry exposes it on /metrics (Prometheus text) and, when configured, over OTLP.
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
    private readonly ConcurrentDictionary<string, long> _upstreamUnavailable = new(StringComparer.Ordinal);
    private readonly RecentTraffic _traffic;
    private readonly ConsumerLimiter _limiter;
    private readonly IProxyStateLookup _proxy;
    private readonly Histogram<double> _duration;

    public GatewayMetrics(ConsumerLimiter limiter, IProxyStateLookup proxy, IMeterFactory meters, TimeProvider time)
    {
        _traffic = new RecentTraffic(time);
        _limiter = limiter;
        _proxy = proxy;
        Meter meter = meters.Create(MeterName);
        // The names are the Prometheus names the platform's dashboards already read (docs/operations.md).
        meter.CreateObservableCounter("dean06_gateway_requests_total", ObserveRequests, description: "Requests by route, client and status.");
        _duration = meter.CreateHistogram("dean06_gateway_request_duration_seconds", unit: null, "Time from request to last response byte.",
            tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        meter.CreateObservableCounter("dean06_gateway_rate_limited_total", ObserveRateLimited, description: "Requests refused by the rate limits (client * = global limit).");
        meter.CreateObservableGauge("dean06_gateway_upstream_healthy", ObserveUpstreams, description: "1 when a destination is not known to be unhealthy.");
        // The message log's progress (dean06_gateway_message_log_*) is published on this meter by MessageLogWriter.
    }

    /// <summary>
    /// Counts one answer. <paramref name="upstreamUnavailable"/>: a 2xx whose verdicts include
    /// UPSTREAM_UNAVAILABLE (nothing was checked), a failure in the operators' figures.
    /// </summary>
    public void Record(string? route, string? client, int status, double seconds, bool upstreamUnavailable = false)
    {
        route ??= "-";
        _requests.AddOrUpdate((route, client ?? "-", status), 1, (_, n) => n + 1);
        if (upstreamUnavailable && status < 400)
        {
            _upstreamUnavailable.AddOrUpdate(client ?? "-", 1, (_, n) => n + 1);
        }

        _traffic.Record(seconds, status >= 500 || (upstreamUnavailable && status < 400));
        _duration.Record(seconds, new KeyValuePair<string, object?>("route", route));
    }

    /// <summary>What the operators' view shows: per client counts by status class, latency percentiles, rate-limit refusals, upstream health, recent traffic.</summary>
    public PlatformSnapshot Snapshot()
    {
        var clients = _requests.GroupBy(r => r.Key.Client, StringComparer.Ordinal)
            .Select(g =>
            {
                long unavailable = _upstreamUnavailable.GetValueOrDefault(g.Key);
                return new ClientCounts(g.Key,
                    g.Where(r => r.Key.Status < 400).Sum(r => r.Value) - unavailable,
                    g.Where(r => r.Key.Status is >= 400 and < 500 and not 429).Sum(r => r.Value),
                    g.Where(r => r.Key.Status >= 500).Sum(r => r.Value),
                    g.Where(r => r.Key.Status == 429).Sum(r => r.Value),
                    unavailable);
            })
            .OrderBy(c => c.Client, StringComparer.Ordinal).ToList();
        var upstreams = _proxy.GetClusters().SelectMany(c => c.Destinations.Values.Select(d => new UpstreamHealth(c.ClusterId, d.DestinationId, Healthy(d)))).ToList();
        TrafficPoint recent = _traffic.Summary(TimeSpan.FromMinutes(5));
        return new PlatformSnapshot(_requests.Values.Sum(), clients, recent.P50Ms, recent.P95Ms, recent.P99Ms,
            _limiter.Rejected.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal), upstreams, recent, _traffic.Series(TimeSpan.FromHours(1)));
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
}
