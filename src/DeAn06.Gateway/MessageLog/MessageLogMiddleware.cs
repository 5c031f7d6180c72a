using System.Diagnostics;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.MessageLog;

/// <summary>Logs every exchange (health checks aside), allowed, denied or failed, with body hashes.</summary>
internal sealed class MessageLogMiddleware(RequestDelegate next, MessageLogWriter writer, Metrics.GatewayMetrics metrics, TimeProvider time)
{
    public const string ClientItem = "dean06.client";
    public const string RequestSignatureItem = "dean06.request-signature";
    public const string ResponseSignatureItem = "dean06.response-signature";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        long started = Stopwatch.GetTimestamp();
        DateTimeOffset at = time.GetUtcNow();
        using var request = new HashingStream(context.Request.Body);
        using var response = new HashingStream(context.Response.Body);
        Stream originalRequest = context.Request.Body;
        Stream originalResponse = context.Response.Body;
        context.Request.Body = request;
        context.Response.Body = response;
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Body = originalRequest;
            context.Response.Body = originalResponse;
            RouteModel? route = context.Features.Get<IReverseProxyFeature>()?.Route;
            string? service = route?.Config.Metadata?.GetValueOrDefault(Access.CallerAccessMiddleware.ServiceKey);
            metrics.Record(route?.Config.RouteId, context.Items[ClientItem] as string, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalSeconds);
            var entry = new LogEntry(at, context.TraceIdentifier, context.Items[ClientItem] as string, service,
                context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, request.Finish(), request.Bytes, response.Finish(), response.Bytes,
                context.Items[RequestSignatureItem] as string, context.Items[ResponseSignatureItem] as string);
            await writer.EnqueueAsync(entry, CancellationToken.None);
        }
    }
}
