using System.Security.Claims;
using DeAn06.Gateway.Consumers;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.Tokens;

/// <summary>Issues and validates the gateway's short-lived ES256 access tokens.</summary>
internal sealed class TokenService(SigningKeys keys, IOptions<TokenOptions> options, TimeProvider time)
{
    /// <summary>The authentication type of a validated token's identity.</summary>
    public const string AuthenticationType = "dean06-token";

    private const int MaxCached = 10_000;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    // Tokens already validated, until they expire: a client reuses its token for minutes, and an
    // ES256 check per request would cost more than everything else the gateway does for it. The
    // finished result is kept (identity and token included), so a known token costs one lookup and
    // no allocation.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Validated> _validated = new(StringComparer.Ordinal);

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
    /// only), issuer, audience and lifetime (with skew). The one place tokens are validated. A valid
    /// result's identity (shared by every request with that token: read it, never change it) is named
    /// by the client id (<c>sub</c>); a refusal's exception says why, in words for the caller.
    /// </summary>
    public Task<TokenValidationResult> ValidateAsync(string token)
    {
        TokenOptions o = options.Value;
        if (_validated.TryGetValue(token, out Validated? known))
        {
            // Still within its lifetime, and its signing key still published (a retired key ends its tokens).
            if (time.GetUtcNow().UtcDateTime <= known.Expires + o.ClockSkew && IsPublished(known.KeyId))
            {
                return known.Result;
            }

            _validated.TryRemove(token, out _);
        }

        return ValidateNewAsync(token, o);
    }

    private async Task<TokenValidationResult> ValidateNewAsync(string token, TokenOptions o)
    {
        if (CompactJws.Check(token, keys.All.Select(k => k.KeyId), time.GetUtcNow(), o) is { } refusal)
        {
            return Refused(refusal);
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
            return Refused(result.Exception switch
            {
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "The access token has expired; request a new one.",
                SecurityTokenInvalidAudienceException => "The access token is for another audience.",
                SecurityTokenInvalidIssuerException => "The access token was not issued by this gateway.",
                _ => "The access token is not valid (signature, algorithm or format).",
            });
        }

        string? clientId = result.Claims.TryGetValue("sub", out object? sub) ? sub as string : null;
        if (clientId is null || result.SecurityToken is not JsonWebToken jwt || !IsPublished(jwt.Kid))
        {
            return Refused("The access token is not valid (signature, algorithm or format).");
        }

        var identity = new ClaimsIdentity([new Claim("sub", clientId)], AuthenticationType, "sub", null);
        Task<TokenValidationResult> valid = Task.FromResult(new TokenValidationResult { IsValid = true, SecurityToken = jwt, ClaimsIdentity = identity });
        if (_validated.Count >= MaxCached)
        {
            _validated.Clear();
        }

        _validated[token] = new Validated(valid, jwt.ValidTo, jwt.Kid);
        return await valid;
    }

    private bool IsPublished(string keyId)
    {
        IReadOnlyList<ECDsaSecurityKey> all = keys.All;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i].KeyId == keyId)
            {
                return true;
            }
        }

        return false;
    }

    private static TokenValidationResult Refused(string reason) => new() { IsValid = false, Exception = new SecurityTokenValidationException(reason) };

    private sealed record Validated(Task<TokenValidationResult> Result, DateTime Expires, string KeyId);

    /// <summary>The public keys as a JWKS document.</summary>
    public Jwks Jwks() => new()
    {
        Keys = keys.PublicKeys().Select(k =>
        {
            using var ecdsa = System.Security.Cryptography.ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(k.PublicKey, out _);
            System.Security.Cryptography.ECParameters p = ecdsa.ExportParameters(false);
            return new Jwk { Kty = "EC", Crv = "P-256", X = Base64UrlEncoder.Encode(p.Q.X), Y = Base64UrlEncoder.Encode(p.Q.Y), Kid = k.KeyId, Use = "sig", Alg = "ES256" };
        }).ToArray(),
    };
}
