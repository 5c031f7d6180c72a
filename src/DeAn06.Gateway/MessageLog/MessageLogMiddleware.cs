using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.Routing;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Logs every exchange (health checks, metrics and the OpenAPI document aside), allowed, denied or failed, with body hashes, and sends
/// no answer before its entry is durable: the answer is held (<see cref="HeldResponseBody"/>) until
/// the writer has committed the entry; if that does not happen within
/// <see cref="MessageLogOptions.CommitTimeout"/>, the caller gets 503 <c>MESSAGE_LOG_UNAVAILABLE</c>
/// instead of an answer the log would not prove.
/// </summary>
internal sealed partial class MessageLogMiddleware(RequestDelegate next, MessageLogWriter writer, Metrics.GatewayMetrics metrics, IOptions<MessageLogOptions> options,
    TimeProvider time, ILogger<MessageLogMiddleware> logger)
{
    /// <summary>The response hash of the entry logged before a streamed answer's first byte; a second entry with the same request id completes it.</summary>
    public const string Begun = "begun";

    // Probes, scrapes, the OpenAPI document and the page's own traffic pass straight on, without a state machine.
    public Task InvokeAsync(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || context.Request.Path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
            || IsOperatorPageTraffic(context.Request)
            ? next(context)
            : LogAsync(context);

    /// <summary>
    /// The operators' page's own traffic — its live stream, its session renewals, the names it loads
    /// once, the node table it refreshes — is not a consumer's exchange and stays out of the message
    /// log (it once made up a third of it). What an operator asks for on purpose (samples, job files,
    /// exports) is still logged. Decided here, with the probes' and scrapes' paths, so the message log
    /// does not read the Operations folder (which reads it).
    /// </summary>
    internal static bool IsOperatorPageTraffic(HttpRequest request) =>
        request.Path.StartsWithSegments("/ops/api/stream", StringComparison.Ordinal)
        || request.Path.StartsWithSegments("/ops/api/session", StringComparison.Ordinal)
        || request.Path.StartsWithSegments("/ops/api/names", StringComparison.Ordinal)
        || request.Path.StartsWithSegments("/ops/api/nodes", StringComparison.Ordinal); // the page's node table, every 10 s

    private async Task LogAsync(HttpContext context)
    {
        var exchange = new Exchange(context, Stopwatch.GetTimestamp(), time.GetUtcNow());
        TimeSpan timeout = options.Value.CommitTimeout;
        using var request = new HashingStream(context.Request.Body);
        IHttpResponseBodyFeature client = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var held = new HeldResponseBody(client, options.Value.ResponseBufferBytes,
            () => writer.CommitAsync(exchange.Entry(request.Current(), request.Bytes, Begun, 0), timeout));
        Stream originalRequest = context.Request.Body;
        context.Request.Body = request;
        var body = new StreamResponseBodyFeature(held, client);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        ExceptionDispatchInfo? failure = null;
        try
        {
            await next(context);
            await body.CompleteAsync(); // what the application left in its PipeWriter, as the server would at the end
        }
        catch (Exception ex) when (!held.Refused)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        catch (Exception)
        {
            // The log refused the answer's start; it is answered with 503 below.
        }
        finally
        {
            context.Request.Body = originalRequest;
        }

        string requestHash = request.Finish();
        if (held.Streaming)
        {
            await CompleteStreamedAsync(context, exchange, client, held, requestHash, request.Bytes, failure, timeout);
            return;
        }

        if (!held.Refused)
        {
            if (failure is not null)
            {
                // Unhandled: the server answers 500 with no body; log that, not what was half written.
                held.Discard();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            if (await writer.CommitAsync(exchange.Entry(requestHash, request.Bytes, held.Hash(), held.Bytes), timeout))
            {
                context.Features.Set(client);
                metrics.Record(exchange.RouteId, exchange.Client, context.Response.StatusCode, exchange.Elapsed.TotalSeconds, UpstreamUnavailable(context));
                failure?.Throw();
                if (held.Bytes > 0 && context.Response.ContentLength is null)
                {
                    context.Response.ContentLength = held.Bytes;
                }

                await held.SendAsync(CancellationToken.None); // a client that left: the server drops it
                return;
            }
        }

        await AnswerUnavailableAsync(context, exchange, client, held, requestHash, request.Bytes);
    }

    /// <summary>
    /// A 2xx from the verification service that carries UPSTREAM_UNAVAILABLE verdicts: it alone sets
    /// Retry-After on a success ("retry these records later"), so the platform figures count it as a failure.
    /// </summary>
    private static bool UpstreamUnavailable(HttpContext context) =>
        context.Response.StatusCode < 400 && context.Response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.RetryAfter);

    /// <summary>Bytes went out after the "begun" entry; the last one waits for the entry completing the exchange.</summary>
    private async Task CompleteStreamedAsync(HttpContext context, Exchange exchange, IHttpResponseBodyFeature client, HeldResponseBody held,
        string requestHash, long requestBytes, ExceptionDispatchInfo? failure, TimeSpan timeout)
    {
        bool logged = await writer.CommitAsync(exchange.Entry(requestHash, requestBytes, held.Hash(), held.Bytes), timeout);
        context.Features.Set(client);
        metrics.Record(exchange.RouteId, exchange.Client, context.Response.StatusCode, exchange.Elapsed.TotalSeconds, UpstreamUnavailable(context));
        failure?.Throw(); // the server cuts the answer short: the client never has it whole
        if (!logged)
        {
            LogStreamCut(logger);
            context.Abort();
            return;
        }

        await held.ReleaseLastAsync(CancellationToken.None);
    }

    /// <summary>The entry could not be made durable in time: 503 instead of the answer, logged if the log takes it.</summary>
    private async Task AnswerUnavailableAsync(HttpContext context, Exchange exchange, IHttpResponseBodyFeature client, HeldResponseBody held, string requestHash, long requestBytes)
    {
        LogUnavailable(logger);
        held.Discard();
        var body = new StreamResponseBodyFeature(held, client);
        context.Features.Set<IHttpResponseBodyFeature>(body);
        context.Response.Clear();
        if (context.Features.Get<IMessageSignatureFeature>() is { } signatures)
        {
            signatures.Response = null; // it signed the answer that is withheld
        }
        context.Response.Headers.RetryAfter = "5";
        await Problems.Create(StatusCodes.Status503ServiceUnavailable, ErrorCode.MessageLogUnavailable, "The message log is unavailable.",
            "The gateway answers only what its message log holds, and the log could not record this exchange in time; retry after the time in Retry-After.")
            .ExecuteAsync(context);
        await body.CompleteAsync();
        writer.TryEnqueue(exchange.Entry(requestHash, requestBytes, held.Hash(), held.Bytes));
        context.Features.Set(client);
        metrics.Record(exchange.RouteId, exchange.Client, context.Response.StatusCode, exchange.Elapsed.TotalSeconds);
        context.Response.ContentLength = held.Bytes;
        await held.SendAsync(CancellationToken.None);
    }

    /// <summary>What the log records about one exchange, read from the context when the entry is made.</summary>
    private sealed class Exchange(HttpContext context, long started, DateTimeOffset at)
    {
        // From the endpoint, not the proxy feature: a request refused by authorization or the rate
        // limiter never reaches the proxy pipeline, yet its route was matched and is logged.
        private RouteModel? Route => context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>();

        public string? RouteId => Route?.Config.RouteId;

        public string? Client => context.Features.Get<IConsumerFeature>()?.ConsumerId;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(started);

        public LogEntry Entry(string requestHash, long requestBytes, string responseHash, long responseBytes) =>
            new(at, context.TraceIdentifier, Client, Route?.Config.Metadata?.GetValueOrDefault(RouteMetadata.Service),
                context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode, Elapsed.TotalMilliseconds,
                requestHash, requestBytes, responseHash, responseBytes,
                Signatures?.Request, Signatures?.Response);

        private IMessageSignatureFeature? Signatures => context.Features.Get<IMessageSignatureFeature>();
    }

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "The message log did not commit an exchange in time; answered 503 instead")]
    private static partial void LogUnavailable(ILogger logger);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Error, Message = "The message log did not complete a streamed exchange in time; the answer was cut short")]
    private static partial void LogStreamCut(ILogger logger);
}
