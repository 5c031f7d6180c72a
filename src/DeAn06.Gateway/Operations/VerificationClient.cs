using DeAn06.Gateway.Access;
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

    public async Task<HttpResponseMessage> GetAsync(string pathAndQuery, string consumer, string clientId, CancellationToken ct)
    {
        if (!proxy.TryGetCluster("verification", out ClusterState? cluster) || cluster.Destinations.IsEmpty)
        {
            throw new HttpRequestException("No verification destination is configured.");
        }

        DestinationState destination = cluster.Destinations.Values
            .OrderBy(d => d.Health.Active == DestinationHealth.Unhealthy || d.Health.Passive == DestinationHealth.Unhealthy)
            .First();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(destination.Model.Config.Address), pathAndQuery.TrimStart('/')));
        request.Headers.Add("X-DeAn06-Gateway-Secret", options.Value.UpstreamSecret);
        request.Headers.Add("X-DeAn06-Consumer", consumer);
        request.Headers.Add("X-DeAn06-Client", clientId);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    public void Dispose() => _http.Dispose();
}
