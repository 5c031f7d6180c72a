using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace DeAn06.Client;

/// <summary>Client-credentials tokens from the gateway, kept until shortly before they expire.</summary>
internal sealed class TokenSource(HttpClient http, DeAn06ClientOptions options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string> GetAsync(bool forceRenewal, CancellationToken ct)
    {
        if (!forceRenewal && _token is { } current && time.GetUtcNow() < _renewAt)
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (!forceRenewal && _token is { } fresh && time.GetUtcNow() < _renewAt)
            {
                return fresh;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
            });
            using HttpResponseMessage response = await http.PostAsync("connect/token", form, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw Problem.ToException(response, await response.Content.ReadAsByteArrayAsync(ct));
            }

            TokenResponse token = await response.Content.ReadFromJsonAsync<TokenResponse>(ct)
                ?? throw new DeAn06ApiException("The token endpoint answered with an empty body.");
            _token = token.AccessToken;
            _renewAt = time.GetUtcNow() + TimeSpan.FromSeconds(token.ExpiresIn) - options.TokenRenewal;
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
