using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Asks the RFC 3161 time-stamping authority for a token over a seal's hash (HTTP, application/timestamp-query).
/// The reply is checked by .NET against the request (imprint, nonce, certificate) before it is kept.
/// </summary>
internal sealed class TimeStampClient(Uri url, string requester) : IDisposable
{
    /// <summary>Header naming the gateway to the TSA, which files its journal by it.</summary>
    public const string RequesterHeader = "X-DeAn06-Requester";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The DER token (CMS SignedData) for <paramref name="sealHash"/>; throws when the TSA cannot be reached or answers wrongly.</summary>
    public async Task<byte[]> StampAsync(long seq, byte[] sealHash, CancellationToken ct)
    {
        var request = Rfc3161TimestampRequest.CreateFromHash(sealHash, HashAlgorithmName.SHA256, requestedPolicyId: null, nonce: SealNonce.Create(seq), requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        message.Headers.Add(RequesterHeader, requester);
        using HttpResponseMessage response = await _http.SendAsync(message, ct);
        response.EnsureSuccessStatusCode();
        byte[] reply = await response.Content.ReadAsByteArrayAsync(ct);
        Rfc3161TimestampToken token = request.ProcessResponse(reply, out _);
        return token.AsSignedCms().Encode();
    }

    public void Dispose() => _http.Dispose();
}
