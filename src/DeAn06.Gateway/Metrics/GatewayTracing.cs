using System.Diagnostics;
using DeAn06.ServiceDefaults.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace DeAn06.Gateway.Metrics;

/// <summary>How the forwarded call takes part in the caller's W3C trace.</summary>
internal static class GatewayTracing
{
    /// <summary>
    /// YARP's own propagator when traces are recorded, so the upstream's span is a child of the
    /// gateway's; none otherwise: the caller's traceparent/tracestate are then forwarded as they came
    /// (the route rules drop only X-DeAn06-* and Authorization), keeping one trace id end to end.
    /// </summary>
    public static DistributedContextPropagator? Propagator(IConfiguration configuration) =>
        TelemetryExtensions.TracingEnabled(configuration) ? new ReverseProxyPropagator(DistributedContextPropagator.Current) : null;
}
