namespace DeAn06.Client;

/// <summary>
/// Signs every request body with the client's registered certificate: CMS detached, DER, base64 in
/// <c>X-DeAn06-Signature</c>. The signature covers the exact bytes, so the body is read into memory
/// here (one batch part at a time: the gateway caps signed bodies) and sent from that copy.
/// </summary>
internal sealed class RequestSigningHandler(MessageSigning signing) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content && signing.SignsRequests)
        {
            byte[] body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (content is not ByteArrayContent)
            {
                // A stream can be read once: send the bytes that were signed (and that a retry can resend).
                var copy = new ByteArrayContent(body);
                foreach (KeyValuePair<string, IEnumerable<string>> header in content.Headers)
                {
                    copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                request.Content = copy;
                content.Dispose();
            }

            request.Headers.Remove(MessageSigning.Header);
            request.Headers.Add(MessageSigning.Header, signing.Sign(body));
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
