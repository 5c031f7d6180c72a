using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace DeAn06.Gateway.Authentication;

/// <summary>
/// A validated token's client must still be in the registry; its entry becomes the request's
/// <see cref="IConsumerFeature"/>. Challenges are answered 401 problem+json: <c>TOKEN_MISSING</c>
/// without a token, <c>TOKEN_INVALID</c> (and <c>error="invalid_token"</c>) with a refused one.
/// </summary>
internal class BearerEvents(ConsumerIdentity consumers) : JwtBearerEvents
{
    private const string Realm = "Bearer realm=\"dean06\"";
    private const string InvalidToken = "Bearer realm=\"dean06\", error=\"invalid_token\"";

    public override Task TokenValidated(TokenValidatedContext context)
    {
        if (context.Principal?.Identity?.Name is not { } consumerId || consumers.Find(consumerId) is not { } consumer)
        {
            context.Fail("The token's client is no longer registered.");
            return Task.CompletedTask;
        }

        context.HttpContext.TrySetConsumer(consumer);
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.AuthenticateFailure is { } failure)
        {
            context.Response.Headers.WWWAuthenticate = InvalidToken;
            return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCode.TokenInvalid, "The access token was refused.", failure.Message).ExecuteAsync(context.HttpContext);
        }

        context.Response.Headers.WWWAuthenticate = Realm;
        return Problems.Create(StatusCodes.Status401Unauthorized, ErrorCode.TokenMissing, "An access token is required.",
            "Send Authorization: Bearer <token>; get one from POST /connect/token with your client credentials.").ExecuteAsync(context.HttpContext);
    }

    public override Task Forbidden(ForbiddenContext context) =>
        Problems.Create(StatusCodes.Status403Forbidden, ErrorCode.AccessDenied, "Access denied.",
            $"Client '{context.HttpContext.Consumer()?.ConsumerId}' may not call this; ask the platform operator for access.").ExecuteAsync(context.HttpContext);
}
