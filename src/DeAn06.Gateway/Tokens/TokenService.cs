using System.Security.Claims;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.Tokens;

/// <summary>Issues and validates the gateway's short-lived ES256 access tokens.</summary>
public sealed class TokenService(SigningKeys keys, IOptions<TokenOptions> options, TimeProvider time)
{
    private const int MaxCached = 10_000;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    // Tokens already validated, until they expire: a client reuses its token for minutes, and an
    // ES256 check per request would cost more than everything else the gateway does for it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string ClientId, DateTime Expires, string KeyId)> _validated = new(StringComparer.Ordinal);

    public (string Token, TimeSpan Lifetime) Issue(string clientId, Consumer consumer)
    {
        TokenOptions o = options.Value;
        DateTime now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + o.Lifetime,
            Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("scope", string.Join(' ', consumer.Services)), new Claim("jti", Guid.NewGuid().ToString("N"))]),
            SigningCredentials = new SigningCredentials(keys.Current, SecurityAlgorithms.EcdsaSha256),
        };
        return (_handler.CreateToken(descriptor), o.Lifetime);
    }

    /// <summary>
    /// Validates the token's exact shape (<see cref="CompactJws"/>), then signature (ES256 only, our keys
    /// only), issuer, audience and lifetime (with skew). The one place tokens are validated.
    /// </summary>
    public async Task<(string? ClientId, string? Error)> ValidateAsync(string token)
    {
        TokenOptions o = options.Value;
        if (_validated.TryGetValue(token, out var known))
        {
            // Still within its lifetime, and its signing key still published (a retired key ends its tokens).
            if (time.GetUtcNow().UtcDateTime <= known.Expires + o.ClockSkew && keys.All.Any(k => k.KeyId == known.KeyId))
            {
                return (known.ClientId, null);
            }

            _validated.TryRemove(token, out _);
        }

        if (CompactJws.Check(token, keys.All.Select(k => k.KeyId), time.GetUtcNow(), o) is { } refusal)
        {
            return (null, refusal);
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = o.Issuer,
            ValidAudience = o.Audience,
            IssuerSigningKeys = keys.All,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = o.ClockSkew,
            // Lifetime against the injected clock, so expiry can be tested with a fake one.
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                DateTime now = time.GetUtcNow().UtcDateTime;
                return expires is { } exp && now <= exp + p.ClockSkew && (notBefore is not { } nbf || now >= nbf - p.ClockSkew);
            },
        };
        TokenValidationResult result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "The access token has expired; request a new one.",
                SecurityTokenInvalidAudienceException => "The access token is for another audience.",
                SecurityTokenInvalidIssuerException => "The access token was not issued by this gateway.",
                _ => "The access token is not valid (signature, algorithm or format).",
            });
        }

        string? clientId = result.Claims.TryGetValue("sub", out object? sub) ? sub as string : null;
        if (clientId is not null && result.SecurityToken is JsonWebToken jwt && keys.All.Any(k => k.KeyId == jwt.Kid))
        {
            if (_validated.Count >= MaxCached)
            {
                _validated.Clear();
            }

            _validated[token] = (clientId, jwt.ValidTo, jwt.Kid);
        }

        return (clientId, null);
    }

    /// <summary>The public keys as a JWKS document.</summary>
    public object Jwks() => new
    {
        keys = keys.PublicKeys().Select(k =>
        {
            using var ecdsa = System.Security.Cryptography.ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(k.PublicKey, out _);
            System.Security.Cryptography.ECParameters p = ecdsa.ExportParameters(false);
            return new { kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y), kid = k.KeyId, use = "sig", alg = "ES256" };
        }).ToArray(),
    };
}
