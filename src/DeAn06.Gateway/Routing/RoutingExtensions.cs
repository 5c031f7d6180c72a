namespace DeAn06.Gateway.Routing;

/// <summary>Registration of the routing parts that ride on YARP.</summary>
internal static class RoutingExtensions
{
    /// <summary>
    /// The route filter, the identity transform and the upstream HTTP clients with their Unix-socket
    /// destinations (the proxy itself is registered in <c>AddGateway</c>).
    /// </summary>
    public static IServiceCollection AddGatewayRouting(this IServiceCollection services)
    {
        services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigFilter, RouteDefaults>();
        services.AddSingleton<Yarp.ReverseProxy.Transforms.Builder.ITransformProvider, UpstreamIdentityTransform>();
        services.AddSingleton<Yarp.ReverseProxy.Configuration.IProxyConfigFilter, UnixSocketDestinations>();
        services.AddSingleton<Yarp.ReverseProxy.Forwarder.IForwarderHttpClientFactory, UpstreamHttpClientFactory>();
        services.AddSingleton<Yarp.ReverseProxy.Transforms.Builder.ITransformProvider, WholeBodyTransform>();
        return services;
    }

    /// <summary>Forwarded bodies held in memory go out with their headers in one write (<see cref="WholeBodyHandler"/>); after the proxy's registration.</summary>
    public static IServiceCollection SendHeldBodiesWhole(this IServiceCollection services)
    {
        WholeBodyClientFactory.Decorate(services);
        return services;
    }
}
