using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.Quotas;
using DeAn06.Gateway.RateLimiting;
using DeAn06.Gateway.Signing;
using Microsoft.AspNetCore.Http.Features;
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
internal sealed class CallerAccessMiddleware(RequestDelegate next, TokenService tokens, IOptionsMonitor<ConsumerRegistry> registry, IOptions<GatewayOptions> options, ConsumerLimiter limiter, MessageSignatures signatures, BatchQuota quota)
{
    public const string ServiceKey = "Service";
    public const string TrustHeadersKey = "TrustHeaders";
    public const string SignResponseKey = "SignResponse";
    public const string BatchSubmitKey = "BatchSubmit";

    public async Task InvokeAsync(HttpContext context)
    {
        RouteModel route = context.GetReverseProxyFeature().Route;
        string service = route.Config.Metadata?.GetValueOrDefault(ServiceKey) ?? "";
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } || context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true })
        {
            // A switched protocol (WebSocket, h2c) would stream past the held, logged and signed answer:
            // none of the services speaks one, so none is relayed.
            await Refuse(context, StatusCodes.Status400BadRequest, ErrorCode.UpgradeNotSupported, "Protocol upgrades are not relayed.",
                "The platform's APIs are plain HTTP requests and answers; send the request without Connection: Upgrade / Upgrade headers.", bearerError: null);
            return;
        }

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

        // The matched route says whether this is a job submission (its metadata), never the path's
        // spelling: "/api/v1/jobs/", "/API/V1/JOBS" or "/api/v1/./jobs" reach the same route or none.
        bool submitsJob = route.Config.Metadata?.GetValueOrDefault(BatchSubmitKey) == "true";
        using QuotaReservation? reservation = submitsJob ? quota.TryReserve(clientId!, consumer.BatchQuota) : null;
        if (submitsJob && reservation is null)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(quota.UntilRenewal().TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Refuse(context, StatusCodes.Status429TooManyRequests, ErrorCode.QuotaExceeded, "Daily batch quota used up.",
                $"Client '{clientId}' may submit {consumer.BatchQuota} batch job(s) a day and has; the quota renews at midnight (Vietnam time).", bearerError: null);
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

        if (signatures.ChecksRequests && HasBody(context))
        {
            if (context.Request.ContentLength > signatures.MaxBodyBytes)
            {
                await Refuse(context, StatusCodes.Status413PayloadTooLarge, ErrorCode.BodyTooLarge, "The body is too large to sign.",
                    $"Signed bodies may be at most {signatures.MaxBodyBytes:N0} bytes; split the file into several jobs.", bearerError: null);
                return;
            }

            byte[]? body = await BufferAsync(context.Request, signatures.MaxBodyBytes, context.RequestAborted);
            string? problem = body is null
                ? $"Signed bodies may be at most {signatures.MaxBodyBytes:N0} bytes; split the file into several jobs."
                : signatures.Check(body, context.Request.Headers[SignatureOptions.Header], consumer);
            if (problem is not null)
            {
                bool missing = string.IsNullOrWhiteSpace(context.Request.Headers[SignatureOptions.Header]);
                await Refuse(context, body is null ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                    body is null ? ErrorCode.BodyTooLarge : missing ? ErrorCode.SignatureMissing : ErrorCode.SignatureInvalid,
                    "The request signature was refused.", problem, bearerError: null);
                return;
            }

            // Only a signature that was checked goes into the log as the consumer's: one sent with a
            // body-less request (GET, DELETE) proves nothing and is dropped with the other X-DeAn06 headers.
            context.Items[MessageLog.MessageLogMiddleware.RequestSignatureItem] = context.Request.Headers[SignatureOptions.Header].ToString();
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

        headers.Remove(SignatureOptions.Header);
        if (signatures.SignsResponses && route.Config.Metadata?.GetValueOrDefault(SignResponseKey) != "false")
        {
            await ForwardSignedAsync(context);
        }
        else
        {
            await next(context);
        }

        if (context.Response.StatusCode == StatusCodes.Status202Accepted)
        {
            reservation?.Keep(); // otherwise the reservation is given back when the request ends, however it ends
        }
    }

    /// <summary>Buffers the upstream's answer, signs its exact bytes, then sends header and body.</summary>
    private async Task ForwardSignedAsync(HttpContext context)
    {
        IHttpResponseBodyFeature original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
        }

        ReadOnlyMemory<byte> bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        string signature = signatures.Sign(bytes.Span);
        context.Response.Headers[SignatureOptions.Header] = signature;
        context.Items[MessageLog.MessageLogMiddleware.ResponseSignatureItem] = signature;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>Reads the whole body (kept for the proxy to send on), or null past the limit.</summary>
    private static async Task<byte[]?> BufferAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength is { } length && length <= SmallBody)
        {
            // The common case (real-time checks): one exact-size read, and the proxy sends on from memory.
            byte[] body = new byte[length];
            int read = await request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, ct);
            if (read < body.Length)
            {
                throw new BadHttpRequestException("Unexpected end of request content: the body ended before its Content-Length.");
            }

            request.Body = new MemoryStream(body, writable: false);
            return body;
        }

        request.EnableBuffering(SmallBody, limit + 1);
        using var copy = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(copy, ct);
        }
        catch (IOException e) when (e is not BadHttpRequestException)
        {
            return null; // the buffering stream refuses to go past its limit (a broken body is the client's fault, answered as such)
        }

        request.Body.Position = 0;
        return copy.Length > limit ? null : copy.ToArray();
    }

    private const int SmallBody = 1024 * 1024;

    // Not "Content-Length or Transfer-Encoding": an HTTP/2 or HTTP/3 body needs neither. The server
    // knows whether the request can carry one at all (HTTP/1.1 GET without framing headers: no).
    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength > 0
        || (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false);

    private static Task Refuse(HttpContext context, int status, string code, string title, string detail, string? bearerError)
    {
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = bearerError is null ? "Bearer realm=\"dean06\"" : $"Bearer realm=\"dean06\", error=\"{bearerError}\"";
        }

        return Problems.Create(status, code, title, detail).ExecuteAsync(context);
    }
}
