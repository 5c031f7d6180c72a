using DeAn06.Gateway.Consumers;
using Microsoft.AspNetCore.Authorization;

namespace DeAn06.Gateway.Authorization;

/// <summary>
/// The consumer must be granted <see cref="Service"/>. Its own handler (run by the framework's
/// pass-through handler), so no other handler is asked per request.
/// </summary>
internal sealed class ServiceGrant(string service) : IAuthorizationRequirement, IAuthorizationHandler
{
    public string Service { get; } = service;

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is HttpContext http && http.Consumer() is { } consumer && consumer.Consumer.Services.Contains(Service))
        {
            context.Succeed(this);
        }

        return Task.CompletedTask;
    }
}
