using Yarp.ReverseProxy.Forwarder;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// YARP's HTTP client per cluster, with the trace propagator of <see cref="Metrics.GatewayTracing"/> and,
/// for a cluster with Unix-socket destinations (<see cref="UnixSocketDestinations"/>), a connect callback
/// that reaches them over their sockets. Clusters without such destinations keep the default connect.
/// </summary>
internal sealed class UpstreamHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger, IConfiguration configuration) : ForwarderHttpClientFactory(logger)
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        // Traced (an OTLP endpoint configured): the forwarded call carries the gateway's own span as
        // its parent. Not traced: the caller's W3C trace headers pass through unchanged, one trace
        // still, without a client Activity per forwarded call.
        handler.ActivityHeadersPropagator = Metrics.GatewayTracing.Propagator(configuration);
        IReadOnlyDictionary<string, string> sockets = UnixSocketDestinations.Read(context.NewMetadata);
        if (sockets.Count > 0)
        {
            handler.ConnectCallback = new UnixSocketConnector(sockets).ConnectAsync;
        }
    }

    /// <summary>YARP reuses a cluster's client when only its metadata changed; a changed socket needs a new one.</summary>
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && context.OldMetadata?.GetValueOrDefault(UnixSocketDestinations.ClusterKey) == context.NewMetadata?.GetValueOrDefault(UnixSocketDestinations.ClusterKey);
}
