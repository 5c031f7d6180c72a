namespace DeAn06.Gateway.Routing;

/// <summary>
/// Between YARP and its HttpClient: a forwarded request whose body <see cref="WholeBodyTransform"/>
/// found whole in memory goes out as one <see cref="ByteArrayContent"/> with the same content
/// headers, so SocketsHttpHandler writes request line, headers and body in one send. YARP refuses a
/// replaced content in its transforms, hence this handler; YARP then sees its own content never
/// started and waits for nothing (a failure reads as a failed request, with the same status).
/// </summary>
internal sealed class WholeBodyHandler(HttpMessageInvoker inner) : HttpMessageHandler
{
    public static readonly HttpRequestOptionsKey<ArraySegment<byte>> Body = new("DeAn06.WholeBody");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SwapContent(request);
        return inner.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SwapContent(request);
        return inner.Send(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void SwapContent(HttpRequestMessage request)
    {
        if (request.Content is not { } streamed || !request.Options.TryGetValue(Body, out ArraySegment<byte> body))
        {
            return;
        }

        var whole = new ByteArrayContent(body.Array!, body.Offset, body.Count);
        foreach (KeyValuePair<string, System.Net.Http.Headers.HeaderStringValues> header in streamed.Headers.NonValidated)
        {
            whole.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        request.Content = whole;
    }
}
