using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Credentials;
using DeAn06.Gateway.Tokens;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// Who may see the operators' view: a client granted <c>statistics</c>, signed in with its client
/// credentials (the page keeps the gateway's own short-lived token in an HttpOnly, SameSite=Strict
/// cookie) or calling with that token as a bearer. Everyone else is refused.
/// </summary>
internal sealed class OperatorAuth(TokenService tokens, IOptionsMonitor<ConsumerRegistry> registry, ClientCredentials credentials)
{
    public const string Cookie = "dean06_ops";

    /// <summary>The operator's client id, or the status to refuse with (401 no/invalid token, 403 not an operator).</summary>
    public async Task<(string? ClientId, int Status)> AuthenticateAsync(HttpContext http)
    {
        string? token = http.Request.Cookies[Cookie];
        string header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header[7..].Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            return (null, StatusCodes.Status401Unauthorized);
        }

        var (clientId, _) = await tokens.ValidateAsync(token);
        if (clientId is null || registry.CurrentValue.Find(clientId) is not { } consumer)
        {
            return (null, StatusCodes.Status401Unauthorized);
        }

        return consumer.Services.Contains(Services.Statistics) ? (clientId, StatusCodes.Status200OK) : (clientId, StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// A token for the operators' page, or null with why not ("invalid": unknown client or wrong secret;
    /// "denied": not an operator; "limited": too many failed sign-ins, retry after <c>RetryAfter</c>).
    /// </summary>
    public async Task<(string? Token, TimeSpan Lifetime, string? Refusal, TimeSpan RetryAfter)> SignInAsync(string? clientId, string? secret, HttpContext http)
    {
        CredentialCheck check = await credentials.CheckAsync(clientId, secret, http.Connection.RemoteIpAddress, http.RequestAborted);
        if (check.Verdict == CredentialVerdict.Limited)
        {
            return (null, default, "limited", check.RetryAfter);
        }

        if (check.Consumer is not { } consumer)
        {
            return (null, default, "invalid", default);
        }

        if (!consumer.Services.Contains(Services.Statistics))
        {
            return (null, default, "denied", default);
        }

        var (token, lifetime) = tokens.Issue(clientId!, consumer);
        return (token, lifetime, null, default);
    }
}
