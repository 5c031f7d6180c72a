using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.RateLimiting;
using DeAn06.Gateway.Tokens;
using DeAn06.ServiceDefaults;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.Access;

/// <summary>
/// Runs in the proxy pipeline, for proxied routes only: authenticates the Bearer token, checks the
/// consumer holds the route's service, applies its rate limits, and rewrites the identity headers
/// the upstream trusts (so a client can never send its own).
/// </summary>
internal sealed class CallerAccessMiddleware(RequestDelegate next, TokenService tokens, IOptionsMonitor<ConsumerRegistry> registry, IOptions<GatewayOptions> options, ConsumerLimiter limiter)
{
    public const string ServiceKey = "Service";
    public const string TrustHeadersKey = "TrustHeaders";

    public async Task InvokeAsync(HttpContext context)
    {
        RouteModel route = context.GetReverseProxyFeature().Route;
        string service = route.Config.Metadata?.GetValueOrDefault(ServiceKey) ?? "";
        string header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, ErrorCode.TokenMissing, "An access token is required.",
                "Send Authorization: Bearer <token>; get one from POST /connect/token with your client credentials.", bearerError: null);
            return;
        }

        var (clientId, error) = await tokens.ValidateAsync(header[7..].Trim());
        Consumer? consumer = clientId is null ? null : registry.CurrentValue.Find(clientId);
        if (clientId is not null)
        {
            context.Items[MessageLog.MessageLogMiddleware.ClientItem] = clientId;
        }

        if (consumer is null)
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, ErrorCode.TokenInvalid, "The access token was refused.",
                error ?? "The token's client is no longer registered.", bearerError: "invalid_token");
            return;
        }

        if (!consumer.Services.Contains(service))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, ErrorCode.AccessDenied, "Access denied.",
                $"Client '{clientId}' is not granted the '{service}' service; ask the platform operator for access.", bearerError: null);
            return;
        }

        using LimiterLease lease = limiter.Acquire(clientId!, consumer);
        if (!lease.Acquired)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(lease.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Refuse(context, StatusCodes.Status429TooManyRequests, lease.Global ? ErrorCode.Overloaded : ErrorCode.RateLimited,
                "Too many requests.",
                lease.Global ? "The platform is at capacity; retry after the time in Retry-After." : $"Client '{clientId}' exceeded its rate limit ({consumer.RatePerSecond}/s, burst {consumer.Burst}); retry after the time in Retry-After.",
                bearerError: null);
            return;
        }

        IHeaderDictionary headers = context.Request.Headers;
        foreach (string name in headers.Keys.Where(k => k.StartsWith("X-DeAn06-", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            headers.Remove(name);
        }

        headers.Authorization = default;
        if (route.Config.Metadata?.GetValueOrDefault(TrustHeadersKey) == "true")
        {
            headers["X-DeAn06-Consumer"] = consumer.Sector ?? clientId;
            headers["X-DeAn06-Client"] = clientId;
            if (consumer.Province is { } province)
            {
                headers["X-DeAn06-Province"] = province;
            }

            headers["X-DeAn06-Gateway-Secret"] = options.Value.UpstreamSecret;
        }

        await next(context);
    }

    private static Task Refuse(HttpContext context, int status, string code, string title, string detail, string? bearerError)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = bearerError is null ? "Bearer realm=\"dean06\"" : $"Bearer realm=\"dean06\", error=\"{bearerError}\"";
        }

        return Problems.Create(status, code, title, detail).ExecuteAsync(context);
    }
}
