using DeAn06.ServiceDefaults.Health;
using DeAn06.ServiceDefaults.Listening;
using DeAn06.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace DeAn06.ServiceDefaults;

/// <summary>
/// What every service turns on with one call each, as eShop's ServiceDefaults: OpenTelemetry
/// (metrics always, for /metrics; traces exported over OTLP only when an endpoint is configured)
/// the health-check framework behind /health/live and /health/ready, and a Unix socket to listen on
/// besides TCP when <c>UnixSocket</c> is set (<see cref="UnixSocketListener"/>).
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Registers telemetry, the default liveness check and the Unix socket if configured; call from Program.cs before Build().</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddDeAn06Telemetry();
        builder.AddDefaultHealthChecks();
        builder.AddUnixSocketListener();
        return builder;
    }

    /// <summary>
    /// Maps /health/live, /health/ready and /metrics (Prometheus text, answered on loopback only;
    /// <paramref name="accessDeniedCode"/> is the code of the 403 others get).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, string accessDeniedCode = CommonErrorCode.AccessDenied)
    {
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint(accessDeniedCode);
        return app;
    }
}
