using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.ServiceDefaults;

public static class ProblemDetailsDefaults
{
    /// <summary>Retry-After (seconds) of an UPSTREAM_UNAVAILABLE problem that did not set its own. The default value is 5.</summary>
    public const int UpstreamRetryAfterSeconds = 5;

    /// <summary>
    /// problem+json for everything, including the framework's own 404/405/500: each gets a stable
    /// <c>code</c>, a <c>type</c> built from it and a message a person can act on; never a stack trace.
    /// </summary>
    public static IServiceCollection AddDeAn06ProblemDetails(this IServiceCollection services, string contractHint)
    {
        // Binding failures throw (instead of a bare 400) so that ClientFaultExceptionHandler can name them.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ClientFaultExceptionHandler>();
        return services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            // UPSTREAM_UNAVAILABLE promises a time to retry, whoever wrote the problem.
            if (((ctx.ProblemDetails.Extensions.TryGetValue("code", out object? given) ? given as string : null) ?? DefaultCode(ctx.ProblemDetails.Status)) == CommonErrorCode.UpstreamUnavailable
                && !ctx.HttpContext.Response.HasStarted && !ctx.HttpContext.Response.Headers.ContainsKey("Retry-After"))
            {
                ctx.HttpContext.Response.Headers.RetryAfter = UpstreamRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                return;
            }

            string code = DefaultCode(ctx.ProblemDetails.Status);
            ctx.ProblemDetails.Extensions["code"] = code;
            ctx.ProblemDetails.Type = Problems.TypeBase + code;
            ctx.ProblemDetails.Detail ??= code switch
            {
                CommonErrorCode.RouteNotFound => $"There is no endpoint at {ctx.HttpContext.Request.Path}; see {contractHint}.",
                CommonErrorCode.MethodNotAllowed => $"{ctx.HttpContext.Request.Method} is not allowed on {ctx.HttpContext.Request.Path}.",
                CommonErrorCode.InternalError => "An unexpected error occurred; it has been logged. Retry, and report it if it persists.",
                CommonErrorCode.UpstreamUnavailable => "The service behind the gateway did not answer in time or could not be reached; retry later.",
                CommonErrorCode.BadRequest => "The request could not be read; check the URL, query, headers and body against the API contract.",
                _ => null,
            };
        });
    }

    private static string DefaultCode(int? status) => status switch
    {
        StatusCodes.Status404NotFound => CommonErrorCode.RouteNotFound,
        StatusCodes.Status405MethodNotAllowed => CommonErrorCode.MethodNotAllowed,
        StatusCodes.Status400BadRequest => CommonErrorCode.BadRequest,
        StatusCodes.Status408RequestTimeout => CommonErrorCode.BodyTimeout,
        StatusCodes.Status413PayloadTooLarge => CommonErrorCode.BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => CommonErrorCode.UnsupportedMediaType,
        StatusCodes.Status502BadGateway or StatusCodes.Status504GatewayTimeout => CommonErrorCode.UpstreamUnavailable,
        _ => CommonErrorCode.InternalError,
    };
}
