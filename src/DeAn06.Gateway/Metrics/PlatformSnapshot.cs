namespace DeAn06.Gateway.Metrics;

/// <summary>The gateway's counters at one moment, for the operators' view (rates come from two snapshots).</summary>
/// <param name="Requests">Answers since start.</param>
/// <param name="Clients">Answers per client by status class.</param>
/// <param name="P50Ms">Median latency over the last five minutes (a value from the samples, not a bucket bound).</param>
/// <param name="P95Ms">95th percentile over the last five minutes.</param>
/// <param name="P99Ms">99th percentile over the last five minutes.</param>
/// <param name="RateLimited">Refusals by the rate limits per client.</param>
/// <param name="Upstreams">Health of each upstream destination.</param>
/// <param name="Recent">Requests and failures (5xx and UPSTREAM_UNAVAILABLE) of the last five minutes.</param>
/// <param name="Traffic">Requests, failures and latency percentiles per 10-second slot over the last hour.</param>
public sealed record PlatformSnapshot(
    long Requests,
    IReadOnlyList<ClientCounts> Clients,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    IReadOnlyDictionary<string, long> RateLimited,
    IReadOnlyList<UpstreamHealth> Upstreams,
    TrafficPoint Recent,
    IReadOnlyList<TrafficPoint> Traffic);

/// <summary>
/// Answers to one client by status class (429 counted apart from the other 4xx). A 2xx that carries
/// UPSTREAM_UNAVAILABLE verdicts (the population DB could not be asked) is a failure, counted in
/// <paramref name="UpstreamUnavailable"/> and not in <paramref name="Ok"/>.
/// </summary>
public sealed record ClientCounts(string Client, long Ok, long ClientErrors, long ServerErrors, long RateLimited, long UpstreamUnavailable);

/// <summary>Whether a destination of a cluster is healthy (not known to be unhealthy by active or passive checks).</summary>
public sealed record UpstreamHealth(string Cluster, string Destination, bool Healthy);

/// <summary>Traffic in one period: requests, failures, latency percentiles in ms (null without requests).</summary>
public sealed record TrafficPoint(DateTimeOffset At, long Requests, long Failures, double? P50Ms, double? P95Ms, double? P99Ms);
