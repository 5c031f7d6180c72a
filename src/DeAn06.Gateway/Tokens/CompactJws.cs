using System.Buffers.Text;
using System.Text.Json;

namespace DeAn06.Gateway.Tokens;

/// <summary>
/// The exact shape of the tokens this gateway issues, checked before IdentityModel sees a token.
/// IdentityModel is lenient where an edge must not be: it accepts "=" after a segment and base64url
/// with stray trailing bits (so one token has many spellings), ignores "crit", and reads a string
/// "exp" as a number. A token in any shape we do not issue is refused here, never handed on to the
/// looser check (RFC 7515 §7.1 compact form, RFC 7519 NumericDate).
/// </summary>
internal static class CompactJws
{
    /// <summary>The bytes of an ES256 signature (r ‖ s, 32 bytes each).</summary>
    private const int SignatureBytes = 64;

    private const string Malformed = "The access token is not a compact JWS of three unpadded base64url segments; send the token exactly as /connect/token returned it.";

    // The base64url alphabet (RFC 4648 §5) and nothing else: no "=", no "+" or "/", no whitespace.
    private static readonly System.Buffers.SearchValues<char> Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>Null when <paramref name="token"/> has the shape the gateway issues; else why not, for the caller.</summary>
    public static string? Check(string token, IEnumerable<string?> keyIds, DateTimeOffset now, TokenOptions options)
    {
        string[] segments = token.Split('.');
        if (segments.Length != 3 || Decode(segments[0]) is not { } header || Decode(segments[1]) is not { } payload
            || Decode(segments[2]) is not { Length: SignatureBytes })
        {
            return Malformed;
        }

        try
        {
            return CheckHeader(header, keyIds) ?? CheckPayload(payload, now, options);
        }
        catch (JsonException)
        {
            return Malformed;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json reading a name or string that holds a lone surrogate escape ("\udc00").
            return Malformed;
        }
    }

    /// <summary>The segment's bytes, or null unless it is canonical base64url: no padding, no other alphabet, no stray bits.</summary>
    private static byte[]? Decode(string segment)
    {
        if (segment.Length == 0 || segment.Length % 4 == 1 || segment.AsSpan().ContainsAnyExcept(Alphabet))
        {
            return null;
        }

        try
        {
            byte[] bytes = Base64Url.DecodeFromChars(segment);
            return Base64Url.EncodeToString(bytes) == segment ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? CheckHeader(byte[] json, IEnumerable<string?> keyIds)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        if (Members(document.RootElement) is not { } members)
        {
            return Malformed;
        }

        if (members.ContainsKey("crit"))
        {
            return "The access token marks header parameters as critical (\"crit\"); this gateway understands none, so it refuses the token.";
        }

        // Exactly the header the gateway writes: anything more (jku, x5u, jwk, …) is a shape it does not handle.
        if (members.Count != 3 || !IsString(members, "alg", out string? alg) || !IsString(members, "kid", out string? kid) || !IsString(members, "typ", out string? typ))
        {
            return "The access token's header is not one this gateway issues (alg, kid and typ only).";
        }

        if (alg != "ES256" || typ != "JWT")
        {
            return "The access token is not an ES256-signed JWT; only tokens from /connect/token are accepted.";
        }

        return keyIds.Contains(kid, StringComparer.Ordinal) ? null : "The access token was signed with a key this gateway no longer publishes; request a new one.";
    }

    private static string? CheckPayload(byte[] json, DateTimeOffset now, TokenOptions options)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        if (Members(document.RootElement) is not { } members)
        {
            return Malformed;
        }

        if (!NumericDate(members, "exp", required: true, out long exp) || !NumericDate(members, "iat", required: true, out long iat)
            || !NumericDate(members, "nbf", required: false, out _))
        {
            return "The access token's exp, iat and nbf must be JSON numbers (seconds since 1970); request a new token.";
        }

        long skew = (long)Math.Ceiling(options.ClockSkew.TotalSeconds);
        if (iat > now.ToUnixTimeSeconds() + skew)
        {
            return "The access token says it was issued in the future; check the issuer's clock and request a new token.";
        }

        return exp - iat > (long)Math.Ceiling(options.Lifetime.TotalSeconds)
            ? "The access token claims a longer lifetime than this gateway issues; request a new token."
            : null;
    }

    /// <summary>The object's members by name, or null if it is not an object or names a member twice (which value would count?).</summary>
    private static Dictionary<string, JsonElement>? Members(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (!members.TryAdd(p.Name, p.Value))
            {
                return null;
            }
        }

        return members;
    }

    private static bool IsString(Dictionary<string, JsonElement> members, string name, out string? value)
    {
        value = members.TryGetValue(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return value is not null;
    }

    private static bool NumericDate(Dictionary<string, JsonElement> members, string name, bool required, out long value)
    {
        value = 0;
        if (!members.TryGetValue(name, out JsonElement e))
        {
            return !required;
        }

        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out value) && value >= 0;
    }
}
