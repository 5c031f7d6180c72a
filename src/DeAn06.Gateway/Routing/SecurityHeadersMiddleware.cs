using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// Browser hardening headers on every answer. The gateway's own answers (errors, tokens, JWKS, the
/// operators' page and its API) get a Content-Security-Policy, framing refused, no Referer to other sites and no
/// MIME sniffing; answers relayed from an upstream keep the upstream's headers and get nosniff.
/// Set when the response starts, so error pages written after an exception carry them too.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>
    /// The operators' page: its own script and stylesheet files only (no inline script or style; the
    /// page sets sizes through the DOM), JSON from the gateway, forms posted to the gateway.
    /// </summary>
    public const string PagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Everything else the gateway answers is data: nothing in it may load or run, nobody may frame it.</summary>
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state => Apply((HttpContext)state), context);
        return next(context);
    }

    private static Task Apply(HttpContext context)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination is not null)
        {
            return Task.CompletedTask;
        }

        bool page = context.Request.Path.StartsWithSegments("/ops", StringComparison.OrdinalIgnoreCase)
            && !context.Request.Path.StartsWithSegments("/ops/api", StringComparison.OrdinalIgnoreCase);
        headers.ContentSecurityPolicy = page ? PagePolicy : DataPolicy;
        headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the page's own
        // form posts, which the sign-in's same-origin check must then refuse.
        headers["Referrer-Policy"] = "same-origin";
        return Task.CompletedTask;
    }
}
