using DeAn06.Gateway.Consumers;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DeAn06.Gateway.Authentication;

/// <summary>The operators' page: a bearer header wins (as it always has), else the page's cookie.</summary>
internal sealed class OperatorCookieEvents(ConsumerIdentity consumers) : BearerEvents(consumers)
{
    public override Task MessageReceived(MessageReceivedContext context)
    {
        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Token = context.Request.Cookies[GatewayAuthentication.OperatorCookieName];
        }

        return Task.CompletedTask;
    }
}
