using System.Text;
using System.Text.Json;
using Yarp.ReverseProxy.Configuration;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// Destinations that name a Unix socket (<c>ReverseProxy:Clusters:&lt;id&gt;:Destinations:&lt;name&gt;:Metadata:UnixSocket</c>):
/// the forwarded call connects to that socket instead of the <c>Address</c>'s TCP port, while the
/// <c>Address</c> still gives the URL and Host header. YARP builds one HTTP client per cluster and tells it
/// nothing of destinations, so this filter gathers the cluster's sockets (address → path) into
/// <see cref="ClusterKey"/> of the cluster's metadata, where <see cref="UpstreamHttpClientFactory"/> reads them.
/// </summary>
internal sealed class UnixSocketDestinations : IProxyConfigFilter
{
    /// <summary>The destination metadata key naming the socket's path.</summary>
    public const string Key = "UnixSocket";

    /// <summary>The cluster metadata key this filter owns: JSON, "host:port" → socket path.</summary>
    public const string ClusterKey = "DeAn06.UnixSockets";

    /// <summary>sun_path holds 108 bytes on Linux, one of them the terminating zero.</summary>
    public const int MaxPathBytes = 107;

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var sockets = new Dictionary<string, string>(StringComparer.Ordinal);
        var byAuthority = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, destination) in cluster.Destinations ?? new Dictionary<string, DestinationConfig>())
        {
            // Empty is none, so a deployment can switch a destination back to TCP from the command line.
            string? path = destination.Metadata?.GetValueOrDefault(Key) is { Length: > 0 } named ? named : null;
            string setting = $"ReverseProxy:Clusters:{cluster.ClusterId}:Destinations:{name}";
            if (path is not null && (!Path.IsPathFullyQualified(path) || Encoding.UTF8.GetByteCount(path) > MaxPathBytes))
            {
                throw new InvalidOperationException($"{setting}:Metadata:{Key} must be an absolute path of at most {MaxPathBytes} bytes, not '{path}'.");
            }

            if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out Uri? address))
            {
                continue; // YARP's own validation reports the address.
            }

            // HttpClient pools connections by scheme, host and port: one address is one socket or none.
            string authority = Authority(address.IdnHost, address.Port);
            if (byAuthority.TryGetValue(authority, out string? other) && other != path)
            {
                throw new InvalidOperationException(
                    $"{setting}: destinations of one cluster with the address {authority} must name the same {Key} (or none), as their connections are pooled together.");
            }

            byAuthority[authority] = path;
            if (path is not null)
            {
                sockets[authority] = path;
            }
        }

        // Only this filter writes the key: a configured value would steer connections elsewhere.
        var metadata = new Dictionary<string, string>(cluster.Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        metadata.Remove(ClusterKey);
        if (sockets.Count > 0)
        {
            metadata[ClusterKey] = JsonSerializer.Serialize(sockets);
        }

        return new(cluster with { Metadata = metadata });
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => new(route);

    /// <summary>The cluster's sockets as gathered by this filter (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Read(IReadOnlyDictionary<string, string>? clusterMetadata) =>
        clusterMetadata?.GetValueOrDefault(ClusterKey) is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []
            : new Dictionary<string, string>();

    /// <summary>"host:port" as both a destination's address and SocketsHttpHandler's DnsEndPoint spell it.</summary>
    public static string Authority(string host, int port) => $"{host.Trim('[', ']').ToLowerInvariant()}:{port}";
}
