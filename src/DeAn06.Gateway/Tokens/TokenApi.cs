using System.Text;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tokens;

/// <summary>OAuth 2.0 client credentials (RFC 6749 §4.4) and the JWKS that verifies what it issues.</summary>
public static class TokenApi
{
    public static void MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", IssueAsync).DisableAntiforgery();
        app.MapGet("/.well-known/jwks.json", (TokenService tokens) => TypedResults.Ok(tokens.Jwks()));
    }

    private static async Task<IResult> IssueAsync(HttpContext http, TokenService tokens, IOptionsMonitor<ConsumerRegistry> registry)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCode.InvalidRequest, "invalid_request",
                "Send application/x-www-form-urlencoded with grant_type=client_credentials, client_id and client_secret.");
        }

        IFormCollection form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCode.UnsupportedGrantType, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }

        (string? id, string? secret) = Basic(http) ?? (form["client_id"].ToString(), form["client_secret"].ToString());
        Consumer? consumer = string.IsNullOrEmpty(id) ? null : registry.CurrentValue.Find(id);
        if (consumer is null || string.IsNullOrEmpty(secret) || !SecretHasher.Verify(secret, consumer.SecretHash))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"dean06\"";
            return Problem(StatusCodes.Status401Unauthorized, ErrorCode.InvalidClient, "invalid_client", "Unknown client or wrong secret.");
        }

        http.Items[MessageLog.MessageLogMiddleware.ClientItem] = id;
        var (token, lifetime) = tokens.Issue(id!, consumer);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new { access_token = token, token_type = "Bearer", expires_in = (int)lifetime.TotalSeconds, scope = string.Join(' ', consumer.Services) });
    }

    private static (string?, string?)? Basic(HttpContext http)
    {
        string header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            int colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string code, string oauthError, string detail) =>
        Problems.Create(status, code, "The token request was refused.", detail, new Dictionary<string, object?> { ["error"] = oauthError, ["error_description"] = detail });
}
