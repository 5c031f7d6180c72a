using Yarp.ReverseProxy.Forwarder;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// The proxy's HttpClient factory as configured (<c>ConfigureHttpClient</c>), with every client it
/// makes wrapped in a <see cref="WholeBodyHandler"/>. A decorator rather than a second
/// <c>ConfigureHttpClient</c>: YARP's hook there configures the SocketsHttpHandler only, and the swap
/// has to happen in front of it.
/// </summary>
internal sealed class WholeBodyClientFactory(IForwarderHttpClientFactory configured) : IForwarderHttpClientFactory
{
    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
    {
        HttpMessageInvoker client = configured.CreateClient(context);
        // Unchanged cluster settings: the factory hands back the old client, already wrapped.
        return ReferenceEquals(client, context.OldClient) ? client : new HttpMessageInvoker(new WholeBodyHandler(client), disposeHandler: true);
    }

    /// <summary>Wraps the factory registered last (the one YARP resolves); call after <c>AddReverseProxy().ConfigureHttpClient(...)</c>.</summary>
    public static void Decorate(IServiceCollection services)
    {
        ServiceDescriptor configured = services.Last(d => d.ServiceType == typeof(IForwarderHttpClientFactory));
        services.Remove(configured);
        services.AddSingleton<IForwarderHttpClientFactory>(sp => new WholeBodyClientFactory((IForwarderHttpClientFactory)(configured.ImplementationInstance
            ?? configured.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, configured.ImplementationType!))));
    }
}
