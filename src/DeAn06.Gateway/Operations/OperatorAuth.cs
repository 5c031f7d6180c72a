using DeAn06.Gateway.Authentication;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Credentials;
using DeAn06.Gateway.Tokens;
using Microsoft.AspNetCore.Authentication;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// Who may see the operators' view: a client granted <c>statistics</c>, signed in with its client
/// credentials (the page keeps the gateway's own short-lived token in an HttpOnly, SameSite=Strict
/// cookie) or calling with that token as a bearer: the <see cref="GatewayAuthentication.OperatorCookie"/>
/// scheme. Everyone else is refused.
/// </summary>
internal sealed class OperatorAuth(TokenService tokens, ClientCredentials credentials, ConsumerIdentity consumers)
{
    public const string Cookie = GatewayAuthentication.OperatorCookieName;

    /// <summary>The operator's client id, or the status to refuse with (401 no/invalid token, 403 not an operator).</summary>
    public static async Task<(string? ClientId, int Status)> AuthenticateAsync(HttpContext http)
    {
        await http.AuthenticateAsync(GatewayAuthentication.OperatorCookie);
        if (http.Consumer() is not { } consumer)
        {
            return (null, StatusCodes.Status401Unauthorized);
        }

        return consumer.Consumer.Services.Contains(Services.Statistics) ? (consumer.ConsumerId, StatusCodes.Status200OK) : (consumer.ConsumerId, StatusCodes.Status403Forbidden);
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

        if (consumers.Find(clientId!) is { } identity)
        {
            http.TrySetConsumer(identity); // for the message log
        }

        var (token, lifetime) = tokens.Issue(clientId!, consumer);
        return (token, lifetime, null, default);
    }
}
