using DeAn06.Gateway.Routing;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// Calls the verification service for the operators' view, as the gateway does for forwarded calls:
/// to the configured "verification" cluster (a healthy destination first), with the gateway secret
/// and the caller headers the service trusts.
/// </summary>
internal sealed class VerificationClient(IProxyStateLookup proxy, IOptions<GatewayOptions> options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string sector, string consumerId, CancellationToken ct)
    {
        if (!proxy.TryGetCluster("verification", out ClusterState? cluster) || cluster.Destinations.IsEmpty)
        {
            throw new HttpRequestException("No verification destination is configured.");
        }

        DestinationState destination = cluster.Destinations.Values
            .OrderBy(d => d.Health.Active == DestinationHealth.Unhealthy || d.Health.Passive == DestinationHealth.Unhealthy)
            .First();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(destination.Model.Config.Address), pathAndQuery.TrimStart('/')));
        request.Headers.Add(UpstreamHeaders.GatewaySecret, options.Value.UpstreamSecret);
        request.Headers.Add(UpstreamHeaders.Sector, sector);
        request.Headers.Add(UpstreamHeaders.ConsumerId, consumerId);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public void Dispose() => _http.Dispose();
}
