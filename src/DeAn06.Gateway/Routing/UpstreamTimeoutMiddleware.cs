using Microsoft.AspNetCore.Http.Timeouts;
using Yarp.ReverseProxy.Forwarder;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// YARP reports a route timeout as a cancelled request (400). When the route's timeout fired and the
/// client is still there, the truth is 504: the upstream did not answer in time.
/// </summary>
internal sealed class UpstreamTimeoutMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        bool timedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (timedOut && !context.Response.HasStarted && context.GetForwarderErrorFeature()?.Error is ForwarderError.RequestCanceled or ForwarderError.RequestTimedOut)
        {
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
        }
    }
}
