namespace DeAn06.Gateway.Routing;

/// <summary>
/// What a route says about itself (<c>ReverseProxy:Routes:&lt;id&gt;:Metadata</c>). Every rule reads the
/// route YARP matched, never the path's spelling.
/// </summary>
internal static class RouteMetadata
{
    /// <summary>The service the route belongs to (verify, batch, statistics, population-db): logged, and its authorization policy by default.</summary>
    public const string Service = "Service";

    /// <summary>"true": the upstream trusts the gateway's identity headers (<see cref="UpstreamHeaders"/>).</summary>
    public const string TrustHeaders = "TrustHeaders";

    /// <summary>"false": answers are not signed (streamed job results).</summary>
    public const string SignResponse = "SignResponse";

    /// <summary>"true": the route submits a batch job, which counts against the daily quota.</summary>
    public const string BatchSubmit = "BatchSubmit";

    public static string? Get(this HttpContext context, string key) =>
        context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(key);
}
