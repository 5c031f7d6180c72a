using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Errors;
using DeAn06.ServiceDefaults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DeAn06.Gateway.Authorization;

/// <summary>
/// A consumer without the route's service gets 403 problem+json <c>ACCESS_DENIED</c> naming the
/// service; a request without a (valid) token is challenged as usual (401 from the bearer scheme's events).
/// </summary>
internal sealed class AccessDeniedResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.Consumer() is { } consumer)
        {
            string? service = null;
            foreach (IAuthorizationRequirement requirement in authorizeResult.AuthorizationFailure?.FailedRequirements ?? [])
            {
                service ??= (requirement as ServiceGrant)?.Service;
            }

            return Problems.Create(StatusCodes.Status403Forbidden, ErrorCode.AccessDenied, "Access denied.",
                $"Client '{consumer.ConsumerId}' is not granted the '{service}' service; ask the platform operator for access.").ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
