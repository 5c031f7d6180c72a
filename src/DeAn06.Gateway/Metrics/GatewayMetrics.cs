using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DeAn06.Gateway.RateLimiting;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.Metrics;

/// <summary>
/// Counters and a latency histogram per route, client and status, rendered in the Prometheus text
/// format with the rate limiter's refusals and each upstream destination's health.
/// </summary>
public sealed class GatewayMetrics(ConsumerLimiter limiter, IProxyStateLookup proxy, MessageLog.MessageLogWriter messageLog)
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly ConcurrentDictionary<(string Route, string Client, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);

    public void Record(string? route, string? client, int status, double seconds)
    {
        route ??= "-";
        _requests.AddOrUpdate((route, client ?? "-", status), 1, (_, n) => n + 1);
        _latency.GetOrAdd(route, _ => new Histogram()).Observe(seconds);
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
        foreach (Histogram h in _latency.Values)
        {
            h.AddTo(merged);
        }

        var upstreams = proxy.GetClusters().SelectMany(c => c.Destinations.Values.Select(d => new UpstreamHealth(c.ClusterId, d.DestinationId,
            d.Health.Active != DestinationHealth.Unhealthy && d.Health.Passive != DestinationHealth.Unhealthy))).ToList();
        return new PlatformSnapshot(_requests.Values.Sum(), clients, Percentile(merged, 0.50), Percentile(merged, 0.95), Percentile(merged, 0.99),
            limiter.Rejected.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal), upstreams);
    }

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

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("# HELP dean06_gateway_requests_total Requests by route, client and status.\n# TYPE dean06_gateway_requests_total counter\n");
        foreach (var ((route, client, status), n) in _requests.OrderBy(k => k.Key))
        {
            sb.Append(CultureInfo.InvariantCulture, $"dean06_gateway_requests_total{{route=\"{route}\",client=\"{client}\",status=\"{status}\"}} {n}\n");
        }

        sb.Append("# HELP dean06_gateway_request_duration_seconds Time from request to last response byte.\n# TYPE dean06_gateway_request_duration_seconds histogram\n");
        foreach (var (route, h) in _latency.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            h.Render(sb, "dean06_gateway_request_duration_seconds", route, Buckets);
        }

        sb.Append("# HELP dean06_gateway_rate_limited_total Requests refused by the rate limits (client * = global limit).\n# TYPE dean06_gateway_rate_limited_total counter\n");
        foreach (var (client, n) in limiter.Rejected.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            sb.Append(CultureInfo.InvariantCulture, $"dean06_gateway_rate_limited_total{{client=\"{client}\"}} {n}\n");
        }

        sb.Append("# HELP dean06_gateway_upstream_healthy 1 when a destination is not known to be unhealthy.\n# TYPE dean06_gateway_upstream_healthy gauge\n");
        foreach (ClusterState cluster in proxy.GetClusters().OrderBy(c => c.ClusterId, StringComparer.Ordinal))
        {
            foreach (DestinationState d in cluster.Destinations.Values)
            {
                bool unhealthy = d.Health.Active == DestinationHealth.Unhealthy || d.Health.Passive == DestinationHealth.Unhealthy;
                sb.Append(CultureInfo.InvariantCulture, $"dean06_gateway_upstream_healthy{{cluster=\"{cluster.ClusterId}\",destination=\"{d.DestinationId}\"}} {(unhealthy ? 0 : 1)}\n");
            }
        }

        // A queue that keeps growing means the log cannot keep up, and requests start waiting for it.
        sb.Append("# HELP dean06_gateway_message_log_queued Exchanges answered but not yet written to the message log.\n# TYPE dean06_gateway_message_log_queued gauge\n");
        sb.Append(CultureInfo.InvariantCulture, $"dean06_gateway_message_log_queued {messageLog.Queued}\n");
        sb.Append("# HELP dean06_gateway_message_log_written_total Message-log entries committed since start.\n# TYPE dean06_gateway_message_log_written_total counter\n");
        sb.Append(CultureInfo.InvariantCulture, $"dean06_gateway_message_log_written_total {messageLog.Written}\n");
        return sb.ToString();
    }

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length + 1];
        private long _sumMicros;

        public void Observe(double seconds)
        {
            int i = 0;
            while (i < Buckets.Length && seconds > Buckets[i])
            {
                i++;
            }

            Interlocked.Increment(ref _counts[i]);
            Interlocked.Add(ref _sumMicros, (long)(seconds * 1_000_000));
        }

        public void AddTo(long[] totals)
        {
            for (int i = 0; i < _counts.Length; i++)
            {
                totals[i] += Interlocked.Read(ref _counts[i]);
            }
        }

        public void Render(StringBuilder sb, string name, string route, double[] bounds)
        {
            long cumulative = 0;
            for (int i = 0; i < bounds.Length; i++)
            {
                cumulative += Interlocked.Read(ref _counts[i]);
                sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{route=\"{route}\",le=\"{bounds[i]}\"}} {cumulative}\n");
            }

            cumulative += Interlocked.Read(ref _counts[bounds.Length]);
            sb.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{route=\"{route}\",le=\"+Inf\"}} {cumulative}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{name}_sum{{route=\"{route}\"}} {Interlocked.Read(ref _sumMicros) / 1_000_000.0}\n");
            sb.Append(CultureInfo.InvariantCulture, $"{name}_count{{route=\"{route}\"}} {cumulative}\n");
        }
    }
}
