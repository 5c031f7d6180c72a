using System.Text.Json.Serialization;

namespace DeAn06.Gateway.Tokens;

/// <summary>
/// The token request's form fields (RFC 6749 §4.4): described in the OpenAPI document; the endpoint
/// reads the form itself (<see cref="Credentials.CredentialForm"/>) so that repeated parameters and
/// other content types get the OAuth answers.
/// </summary>
internal sealed record TokenRequest
{
    [JsonPropertyName("grant_type")]
    public required string GrantType { get; init; }

    /// <summary>Or as the HTTP Basic user name.</summary>
    [JsonPropertyName("client_id")]
    public string? ClientId { get; init; }

    /// <summary>Or as the HTTP Basic password.</summary>
    [JsonPropertyName("client_secret")]
    public string? ClientSecret { get; init; }
}

/// <summary>The token answer (RFC 6749 §5.1).</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("token_type")]
    public required string TokenType { get; init; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("expires_in")]
    public required int ExpiresIn { get; init; }

    /// <summary>The services granted, space-separated.</summary>
    [JsonPropertyName("scope")]
    public required string Scope { get; init; }
}

/// <summary>The public keys that verify the gateway's tokens (JWKS, RFC 7517).</summary>
internal sealed record Jwks
{
    [JsonPropertyName("keys")]
    public required IReadOnlyList<Jwk> Keys { get; init; }
}

/// <summary>One P-256 public key (RFC 7518 §6.2).</summary>
internal sealed record Jwk
{
    [JsonPropertyName("kty")]
    public required string Kty { get; init; }

    [JsonPropertyName("crv")]
    public required string Crv { get; init; }

    [JsonPropertyName("x")]
    public required string X { get; init; }

    [JsonPropertyName("y")]
    public required string Y { get; init; }

    [JsonPropertyName("kid")]
    public required string Kid { get; init; }

    [JsonPropertyName("use")]
    public required string Use { get; init; }

    [JsonPropertyName("alg")]
    public required string Alg { get; init; }
}
