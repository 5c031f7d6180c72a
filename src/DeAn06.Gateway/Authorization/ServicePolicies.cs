using DeAn06.Gateway.Consumers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace DeAn06.Gateway.Authorization;

/// <summary>
/// One authorization policy per service (<see cref="Services.All"/>), named after it: an authenticated
/// consumer whose registry entry grants that service. Each proxied route names its service's policy in
/// configuration (<c>ReverseProxy:Routes:&lt;id&gt;:AuthorizationPolicy</c>); YARP attaches it to the
/// route's endpoint. Grants are read from the request's consumer, which authentication took from the
/// current registry, so a change to the registry counts from the next request.
/// </summary>
internal static class ServicePolicies
{
    public static IServiceCollection AddServicePolicies(this IServiceCollection services)
    {
        // Stateless and thread-safe, so one instance each instead of the framework's per-request ones.
        services.AddSingleton<IAuthorizationHandlerProvider, DefaultAuthorizationHandlerProvider>();
        services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        services.AddSingleton<IPolicyEvaluator, PolicyEvaluator>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessDeniedResultHandler>();
        services.AddAuthorization(options =>
        {
            foreach (string service in Services.All)
            {
                // The grant alone: only authentication sets the consumer, so it implies an authenticated
                // caller (and without one the evaluator challenges: 401, not 403).
                options.AddPolicy(service, policy => policy.AddRequirements(new ServiceGrant(service)));
            }
        });
        return services;
    }
}
