using DeAn06.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// YARP catches a client's broken body while streaming it upstream (cut short, stalled, bad chunks)
/// and answers a bare 400 or 408. The caller gets the same problem as when the gateway reads the body
/// itself: BODY_INCOMPLETE, BODY_TIMEOUT or MALFORMED_BODY.
/// </summary>
internal sealed class ClientBodyFaultMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!context.Response.HasStarted
            && context.GetForwarderErrorFeature() is { Error: ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled } error
            && ClientFault.Find(error.Exception) is { } fault)
        {
            await fault.ToResult().ExecuteAsync(context);
        }
    }
}
