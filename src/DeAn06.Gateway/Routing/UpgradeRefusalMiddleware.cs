using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// In the proxy pipeline: a switched protocol (WebSocket, h2c, HTTP/2 extended CONNECT) would stream
/// past the held, logged and signed answer; none of the services speaks one, so none is relayed (400
/// <c>UPGRADE_NOT_SUPPORTED</c>).
/// </summary>
internal sealed class UpgradeRefusalMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true })
        {
            return Problems.Create(StatusCodes.Status400BadRequest, ErrorCode.UpgradeNotSupported, "Protocol upgrades are not relayed.",
                "The platform's APIs are plain HTTP requests and answers; send the request without Connection: Upgrade / Upgrade headers.").ExecuteAsync(context);
        }

        return next(context);
    }
}
