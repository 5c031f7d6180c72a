using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.RateLimiting;
using Yarp.ReverseProxy.Configuration;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// Every proxied route is authenticated, granted per service and rate limited per consumer: a route
/// that names no <c>AuthorizationPolicy</c> gets its <c>Metadata:Service</c>'s, one that names no
/// <c>RateLimiterPolicy</c> gets <see cref="ConsumerRateLimiterPolicy.Name"/>, and a route whose policy is
/// not a service's is refused when the configuration loads (so no route is ever open by omission).
/// </summary>
internal sealed class RouteDefaults : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        string? policy = string.IsNullOrEmpty(route.AuthorizationPolicy) ? route.Metadata?.GetValueOrDefault(RouteMetadata.Service) : route.AuthorizationPolicy;
        if (policy is null || !Services.All.Contains(policy))
        {
            throw new InvalidOperationException(
                $"ReverseProxy:Routes:{route.RouteId}:AuthorizationPolicy must name a service's policy ({string.Join(", ", Services.All)}), not '{policy}': every proxied route is granted per service.");
        }

        return new(route with
        {
            AuthorizationPolicy = policy,
            RateLimiterPolicy = string.IsNullOrEmpty(route.RateLimiterPolicy) ? ConsumerRateLimiterPolicy.Name : route.RateLimiterPolicy,
        });
    }
}
