namespace DeAn06.Client;

/// <summary>
/// Checks the gateway's signature over the exact bytes of every successful answer, with the
/// platform's strict policy (<see cref="MessageSigning.CheckResponse"/>), before anything reads it;
/// throws <see cref="DeAn06SignatureException"/> otherwise. Refusals (problem+json) are not checked:
/// they become <see cref="DeAn06ApiException"/> and nothing is taken from them but the code.
/// Job results and errors are streamed unsigned by the gateway (route <c>job-results</c>), so they
/// are let through unbuffered.
/// </summary>
internal sealed class AnswerSignatureHandler(MessageSigning signing) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!signing.ChecksAnswers || !response.IsSuccessStatusCode || IsStreamedDownload(request))
        {
            return response;
        }

        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            signing.CheckResponse(body, response.Headers.TryGetValues(MessageSigning.Header, out var values) ? values.FirstOrDefault() : null);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>GET /api/v1/jobs/{id}/results or /errors.</summary>
    internal static bool IsStreamedDownload(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Get || request.RequestUri is not { } uri)
        {
            return false;
        }

        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is [.., "api", "v1", "jobs", _, "results" or "errors"];
    }
}
