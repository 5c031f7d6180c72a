using System.Globalization;
using System.Text;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Credentials;
using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using DeAn06.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace DeAn06.Gateway.Tokens;

/// <summary>OAuth 2.0 client credentials (RFC 6749 §4.4) and the JWKS that verifies what it issues.</summary>
internal static class TokenApi
{
    private static readonly string[] Parameters = ["grant_type", "client_id", "client_secret"];

    public static void MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/connect/token", IssueAsync).DisableAntiforgery()
            .WithName("IssueToken").WithTags("Tokens")
            .WithSummary("OAuth 2.0 client credentials (RFC 6749 §4.4): a short-lived ES256 JWT for the services the client is granted.")
            .WithDescription("Credentials in the form (client_id, client_secret) or as HTTP Basic. Each parameter once. The answer carries Cache-Control: no-store.")
            .DocumentsBody<TokenRequest>("application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                DescribeResponses(operation, new()
                {
                    ["200"] = "The token (Cache-Control: no-store).",
                    ["400"] = $"{ErrorCode.InvalidRequest} (not a form, or a parameter repeated), {ErrorCode.UnsupportedGrantType}, {ErrorCode.MalformedForm}.",
                    ["401"] = $"{ErrorCode.InvalidClient}: unknown client or wrong secret (WWW-Authenticate: Basic).",
                    ["413"] = $"{ErrorCode.BodyTooLarge}.",
                    ["429"] = $"{ErrorCode.TooManyFailedSignIns}; honour Retry-After.",
                });
                return Task.CompletedTask;
            });
        app.MapGet("/.well-known/jwks.json", (TokenService tokens) => TypedResults.Ok(tokens.Jwks()))
            .WithName("Jwks").WithTags("Tokens")
            .WithSummary("The public keys (JWKS, RFC 7517) that verify the gateway's tokens.");
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(HttpContext http, TokenService tokens, ClientCredentials credentials, ConsumerIdentity consumers)
    {
        var (form, malformed) = await CredentialForm.ReadAsync(http.Request);
        if (form is null)
        {
            return malformed!;
        }

        // RFC 6749 §3.2: a parameter sent twice is an invalid request (which one would count?).
        if (Parameters.FirstOrDefault(name => form.GetValueOrDefault(name).Count > 1) is { } repeated)
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCode.InvalidRequest, "invalid_request", $"'{repeated}' is given more than once; send each parameter once.");
        }

        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return Problem(StatusCodes.Status400BadRequest, ErrorCode.UnsupportedGrantType, "unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }

        (string? id, string? secret) = Basic(http) ?? (form.GetValueOrDefault("client_id").ToString(), form.GetValueOrDefault("client_secret").ToString());
        CredentialCheck check = await credentials.CheckAsync(id, secret, http.Connection.RemoteIpAddress, http.RequestAborted);
        if (check.Verdict == CredentialVerdict.Limited)
        {
            int seconds = Math.Max(1, (int)Math.Ceiling(check.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problem(StatusCodes.Status429TooManyRequests, ErrorCode.TooManyFailedSignIns, "temporarily_unavailable",
                $"Too many failed sign-ins for this client or from this address; check the client id and secret, then retry after {seconds} s (Retry-After).");
        }

        if (check.Consumer is not { } consumer)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"dean06\"";
            return Problem(StatusCodes.Status401Unauthorized, ErrorCode.InvalidClient, "invalid_client", "Unknown client or wrong secret.");
        }

        if (consumers.Find(id!) is { } identity)
        {
            http.TrySetConsumer(identity); // for the message log
        }

        var (token, lifetime) = tokens.Issue(id!, consumer);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new TokenResponse { AccessToken = token, TokenType = "Bearer", ExpiresIn = (int)lifetime.TotalSeconds, Scope = string.Join(' ', consumer.Services) });
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

    /// <summary>
    /// Sets the descriptions of the operation's answers, by status code. Here, not in OpenApi/: the
    /// document reads the endpoints' folders, never the other way round.
    /// </summary>
    private static void DescribeResponses(OpenApiOperation operation, Dictionary<string, string> descriptions)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (descriptions.TryGetValue(status, out string? description) && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
            }
        }
    }

    private static ProblemHttpResult Problem(int status, string code, string oauthError, string detail) =>
        Problems.Create(status, code, "The token request was refused.", detail, new Dictionary<string, object?> { ["error"] = oauthError, ["error_description"] = detail });
}
