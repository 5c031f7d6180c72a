using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// The identity the upstream sees, as a YARP request transform on every route: whatever
/// <c>X-DeAn06-*</c> headers the client sent (any spelling, any case) and its bearer token are not
/// forwarded; on routes whose metadata says <c>TrustHeaders</c>, the gateway sets the consumer's sector,
/// client id, province and the gateway secret (<see cref="UpstreamHeaders"/>).
/// </summary>
internal sealed class UpstreamIdentityTransform(IOptions<GatewayOptions> options) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        bool trusted = context.Route.Metadata?.GetValueOrDefault(RouteMetadata.TrustHeaders) == "true";
        context.RequestTransforms.Add(new IdentityHeaders(trusted ? options.Value.UpstreamSecret : null));
    }

    /// <summary>Applied per request; <paramref name="secret"/> null: strip only.</summary>
    internal sealed class IdentityHeaders(string? secret) : RequestTransform
    {
        public override ValueTask ApplyAsync(RequestTransformContext context)
        {
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> header in context.HttpContext.Request.Headers)
            {
                if (header.Key.StartsWith(UpstreamHeaders.Prefix, StringComparison.OrdinalIgnoreCase))
                {
                    RemoveHeader(context, header.Key);
                }
            }

            RemoveHeader(context, HeaderNames.Authorization);
            if (secret is not null && context.HttpContext.Consumer() is { } consumer)
            {
                AddHeader(context, UpstreamHeaders.Sector, consumer.Sector);
                AddHeader(context, UpstreamHeaders.ConsumerId, consumer.ConsumerId);
                if (consumer.Consumer.Province is { } province)
                {
                    AddHeader(context, UpstreamHeaders.Province, province);
                }

                AddHeader(context, UpstreamHeaders.GatewaySecret, secret);
            }

            return ValueTask.CompletedTask;
        }
    }
}
