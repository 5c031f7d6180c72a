using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Faults;
using DeAn06.PopulationDb.Observability;
using DeAn06.PopulationDb.Apis;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Extensions;

public static class Extensions
{
    /// <summary>Registers the population, fault injection and problem+json handling.</summary>
    public static IHostApplicationBuilder AddPopulationDb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PopulationOptions>().BindConfiguration(PopulationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<FaultSettings>().BindConfiguration(FaultSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PopulationHolder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PopulationHolder>());
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            if (ctx.ProblemDetails.Extensions.ContainsKey("code"))
            {
                return;
            }

            string code = ctx.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => ErrorCode.RouteNotFound,
                StatusCodes.Status405MethodNotAllowed => ErrorCode.MethodNotAllowed,
                StatusCodes.Status400BadRequest => ErrorCode.MalformedJson,
                StatusCodes.Status413PayloadTooLarge => ErrorCode.BodyTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ErrorCode.UnsupportedMediaType,
                _ => ErrorCode.InternalError,
            };
            ctx.ProblemDetails.Extensions["code"] = code;
            ctx.ProblemDetails.Type = Problems.TypeBase + code;
            ctx.ProblemDetails.Detail ??= code switch
            {
                ErrorCode.RouteNotFound => $"There is no endpoint at {ctx.HttpContext.Request.Path}; see contracts/population-db.openapi.json.",
                ErrorCode.MethodNotAllowed => $"{ctx.HttpContext.Request.Method} is not allowed on {ctx.HttpContext.Request.Path}.",
                ErrorCode.InternalError => "An unexpected error occurred; it has been logged. Retry, and report it if it persists.",
                _ => null,
            };
        });
        return builder;
    }

    /// <summary>The middleware pipeline and every endpoint.</summary>
    public static WebApplication UsePopulationDb(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ServerTimingMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapHealthApi();
        app.MapCitizenApi();
        app.MapFaultAdminApi();
        return app;
    }
}
