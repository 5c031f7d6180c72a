using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace DeAn06.Client;

/// <summary>
/// Client-credentials tokens from the gateway, kept until <see cref="DeAn06ClientOptions.TokenRenewal"/>
/// before they expire (on the injected clock). One per client id: every request shares its token.
/// </summary>
internal sealed class TokenSource(IHttpClientFactory clients, DeAn06ClientOptions options, TimeProvider time) : IDisposable
{
    /// <summary>The named HttpClient that asks /connect/token (same transport and retries as the API).</summary>
    public const string HttpClientName = "DeAn06.Client.Tokens";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    /// <summary>The current token, or a new one when it is about to expire.</summary>
    public Task<string> GetAsync(CancellationToken ct) => GetAsync(rejected: null, ct);

    /// <summary>
    /// A token other than <paramref name="rejected"/>, which the gateway refused (revoked, e.g. by a key
    /// rotation): many requests refused at once renew it once, not once each.
    /// </summary>
    public async Task<string> GetAsync(string? rejected, CancellationToken ct)
    {
        if (Current(rejected) is { } current)
        {
            return current;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Current(rejected) is { } fresh)
            {
                return fresh;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
            });
            using HttpClient http = clients.CreateClient(HttpClientName);
            using HttpResponseMessage response = await http.PostAsync("connect/token", form, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem.ToException(response, await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false), time);
            }

            TokenResponse token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct).ConfigureAwait(false)
                ?? throw new DeAn06ApiException("The token endpoint answered with an empty body.");
            _renewAt = time.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) - options.TokenRenewal;
            _token = token.AccessToken;
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private string? Current(string? rejected) =>
        _token is { } token && token != rejected && time.GetUtcNow() < _renewAt ? token : null;

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
