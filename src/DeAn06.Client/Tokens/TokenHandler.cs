using System.Net;
using System.Net.Http.Headers;

namespace DeAn06.Client;

/// <summary>
/// Puts the client's bearer token on every request; when the gateway answers 401 (the token was
/// revoked, e.g. by a key rotation, or expired early) it gets a fresh token and sends once more.
/// </summary>
internal sealed class TokenHandler(TokenSource tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(rejected: token, cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
