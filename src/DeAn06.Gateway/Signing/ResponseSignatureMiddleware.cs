using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Routing;
using Microsoft.AspNetCore.Http.Features;

namespace DeAn06.Gateway.Signing;

/// <summary>
/// In the proxy pipeline, when the gateway has a signing certificate: buffers the upstream's answer,
/// signs its exact bytes (<see cref="SignatureOptions.Header"/>), then sends header and body. Routes
/// whose metadata says <c>SignResponse: false</c> (streamed job results) pass unsigned.
/// </summary>
internal sealed class ResponseSignatureMiddleware(RequestDelegate next, MessageSignatures signatures)
{
    // Unsigned routes (or signing off) pass straight on, without a state machine.
    public Task InvokeAsync(HttpContext context) =>
        signatures.SignsResponses && context.Get(RouteMetadata.SignResponse) != "false" ? SignAsync(context) : next(context);

    private async Task SignAsync(HttpContext context)
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
        MessageSignatureFeature.Of(context).Response = signature;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
