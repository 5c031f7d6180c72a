using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Tokens;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// Who may see the operators' view: a client granted <c>statistics</c>, signed in with its client
/// credentials (the page keeps the gateway's own short-lived token in an HttpOnly, SameSite=Strict
/// cookie) or calling with that token as a bearer. Everyone else is refused.
/// </summary>
internal sealed class OperatorAuth(TokenService tokens, IOptionsMonitor<ConsumerRegistry> registry)
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

    /// <summary>A token for the operators' page, or null with why not ("invalid": unknown client or wrong secret; "denied": not an operator).</summary>
    public (string? Token, TimeSpan Lifetime, string? Refusal) SignIn(string? clientId, string? secret)
    {
        Consumer? consumer = string.IsNullOrEmpty(clientId) ? null : registry.CurrentValue.Find(clientId);
        if (consumer is null || string.IsNullOrEmpty(secret) || !SecretHasher.Verify(secret, consumer.SecretHash))
        {
            return (null, default, "invalid");
        }

        if (!consumer.Services.Contains(Services.Statistics))
        {
            return (null, default, "denied");
        }

        var (token, lifetime) = tokens.Issue(clientId!, consumer);
        return (token, lifetime, null);
    }
}
