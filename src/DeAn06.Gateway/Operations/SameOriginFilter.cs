using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// CSRF defence for the operators' endpoints that set or use the sign-in cookie: a state-changing
/// request (anything but GET, HEAD, OPTIONS) must come from the gateway's own pages. Browsers say
/// where a request comes from in Sec-Fetch-Site and Origin, which a page cannot forge; a request
/// with neither is not from a browser and so cannot ride on an operator's cookie.
/// </summary>
internal sealed class SameOriginFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpRequest request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && IsCrossSite(request))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCode.CrossSiteRequest, "Cross-site request refused.",
                "The operators' sign-in and sign-out accept requests from the gateway's own pages only; open /ops/login on the gateway itself.");
        }

        return await next(context);
    }

    internal static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"] is { Count: > 0 } site && site.ToString() is not ("same-origin" or "none"))
        {
            return true;
        }

        if (request.Headers.Origin is not { Count: > 0 } origin)
        {
            return false;
        }

        // One Origin, exactly this gateway's scheme, host and port ("null" from sandboxed frames and
        // redirects never matches).
        return origin.Count != 1 || !string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
