namespace DeAn06.Gateway.Routing;

/// <summary>The headers the verification service trusts, set only by the gateway (<see cref="UpstreamIdentityTransform"/>).</summary>
internal static class UpstreamHeaders
{
    /// <summary>Every header with this prefix that a client sends is dropped before forwarding.</summary>
    public const string Prefix = "X-DeAn06-";

    /// <summary>The consumer's sector (the verification service's name for it: its <c>CallerMiddleware.ConsumerHeader</c>).</summary>
    public const string Sector = "X-DeAn06-Consumer";

    /// <summary>The consumer's client id, for the service's logs.</summary>
    public const string ConsumerId = "X-DeAn06-Client";

    public const string Province = "X-DeAn06-Province";

    /// <summary><see cref="GatewayOptions.UpstreamSecret"/>: the service's proof that the call comes through the gateway.</summary>
    public const string GatewaySecret = "X-DeAn06-Gateway-Secret";
}
