using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// A request body some step already holds whole in memory (a checked signature's exact bytes) is
/// handed to <see cref="WholeBodyHandler"/>, which sends the upstream request in one write instead
/// of YARP's two (its streamed content flushes the headers before the body: two TCP segments, two
/// sends on the gateway, two receives on the upstream, for a body of a few hundred bytes).
/// </summary>
internal sealed class WholeBodyTransform : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.RequestTransforms.Add(HeldBody.Instance);

    /// <summary>Applied per request: marks the body to send whole, when one is held.</summary>
    internal sealed class HeldBody : RequestTransform
    {
        public static readonly HeldBody Instance = new();

        public override ValueTask ApplyAsync(RequestTransformContext context)
        {
            // Only an unread stream the step exposed: what the proxy would have copied from it is then exactly these bytes.
            if (context.HttpContext.Request.Body is MemoryStream { Position: 0 } held && held.TryGetBuffer(out ArraySegment<byte> body)
                && context.ProxyRequest.Content is not null)
            {
                context.ProxyRequest.Options.Set(WholeBodyHandler.Body, body);
            }

            return ValueTask.CompletedTask;
        }
    }
}
