using DeAn06.Gateway.Routing;

namespace DeAn06.Gateway.Extensions;

public static class Extensions
{
    /// <summary>Registers the reverse proxy with routes and clusters from the "ReverseProxy" section.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    public static WebApplication UseGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestIdMiddleware>();
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", () => TypedResults.Ok(new { status = "ready" }));
        app.MapReverseProxy();
        return app;
    }
}
