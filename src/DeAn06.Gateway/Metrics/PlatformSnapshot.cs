namespace DeAn06.Gateway.Metrics;

/// <summary>The gateway's counters at one moment, for the operators' view (rates come from two snapshots).</summary>
public sealed record PlatformSnapshot(
    long Requests,
    IReadOnlyList<ClientCounts> Clients,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    IReadOnlyDictionary<string, long> RateLimited,
    IReadOnlyList<UpstreamHealth> Upstreams);

/// <summary>Answers to one client by status class (429 counted apart from the other 4xx).</summary>
public sealed record ClientCounts(string Client, long Ok, long ClientErrors, long ServerErrors, long RateLimited);

/// <summary>Whether a destination of a cluster is healthy (not known to be unhealthy by active or passive checks).</summary>
public sealed record UpstreamHealth(string Cluster, string Destination, bool Healthy);
