using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.Gateway.MessageLog;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// In the proxy pipeline, when <see cref="SignatureOptions.CaCertificatePath"/> is set: a request with a
/// body must carry the consumer's CMS detached signature over its exact bytes (400
/// <c>SIGNATURE_MISSING</c> / <c>SIGNATURE_INVALID</c>, 413 past <see cref="SignatureOptions.MaxBodyBytes"/>).
/// The body is buffered so the proxy forwards exactly the bytes checked.
/// </summary>
internal sealed class RequestSignatureMiddleware(RequestDelegate next, MessageSignatures signatures)
{
    private const int SmallBody = 1024 * 1024;

    // Requests without a body (or with checks off) pass straight on, without a state machine.
    public Task InvokeAsync(HttpContext context) =>
        signatures.ChecksRequests && HasBody(context) && context.Consumer() is { } consumer ? CheckAsync(context, consumer) : next(context);

    private async Task CheckAsync(HttpContext context, IConsumerFeature consumer)
    {
        if (context.Request.ContentLength > signatures.MaxBodyBytes)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, ErrorCode.BodyTooLarge, "The body is too large to sign.", TooLarge());
            return;
        }

        string signature = context.Request.Headers[SignatureOptions.Header].ToString();
        byte[]? body = await BufferAsync(context.Request, signatures.MaxBodyBytes, context.RequestAborted);
        string? problem = body is null ? TooLarge() : signatures.Check(body, signature, consumer.Consumer);
        if (problem is not null)
        {
            await Refuse(context, body is null ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                body is null ? ErrorCode.BodyTooLarge : string.IsNullOrWhiteSpace(signature) ? ErrorCode.SignatureMissing : ErrorCode.SignatureInvalid,
                "The request signature was refused.", problem);
            return;
        }

        MessageSignatureFeature.Of(context).Request = signature;
        await next(context);
    }

    private string TooLarge() => $"Signed bodies may be at most {signatures.MaxBodyBytes:N0} bytes; split the file into several jobs.";

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

            // Visible: the proxy sends exposed bytes with the request headers in one write (Routing/WholeBodyTransform).
            request.Body = new MemoryStream(body, 0, body.Length, writable: false, publiclyVisible: true);
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

    // Not "Content-Length or Transfer-Encoding": an HTTP/2 or HTTP/3 body needs neither. The server
    // knows whether the request can carry one at all (HTTP/1.1 GET without framing headers: no).
    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength > 0
        || (context.Request.ContentLength is null && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false);

    private static Task Refuse(HttpContext context, int status, string code, string title, string detail) =>
        Problems.Create(status, code, title, detail).ExecuteAsync(context);
}
