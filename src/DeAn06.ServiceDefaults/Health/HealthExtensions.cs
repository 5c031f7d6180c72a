using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace DeAn06.ServiceDefaults.Health;

/// <summary>
/// Liveness and readiness on the built-in health-check framework, with the answers the services gave
/// before it: 200 <c>{"status":"live"}</c>, 200 <c>{"status":"ready", ...each check's data}</c>, or
/// 503 problem+json naming why the service is not ready.
/// </summary>
public static class HealthExtensions
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // GET only, as the endpoints they replace (other methods get 405, and the contracts list them so).
    private static readonly HttpMethodMetadata GetOnly = new([HttpMethods.Get]);

    /// <summary>The "self" liveness check; services add their readiness checks with <c>AddHealthChecks().AddCheck&lt;T&gt;(...)</c>.</summary>
    public static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [HealthTags.Live]);
        return builder;
    }

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthTags.Live),
            ResponseWriter = (context, report) => WriteAsync(context, report, "live"),
        }).WithMetadata(GetOnly);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => WriteAsync(context, report, "ready"),
        }).WithMetadata(GetOnly);
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report, string status)
    {
        // Probes must never be cached by anything between the prober and the service.
        context.Response.Headers.CacheControl = "no-store";
        if (report.Status == HealthStatus.Unhealthy)
        {
            HealthReportEntry failed = report.Entries.Values.First(e => e.Status == HealthStatus.Unhealthy);
            string code = failed.Data.TryGetValue(HealthTags.ProblemCode, out object? c) && c is string s ? s : CommonErrorCode.NotReady;
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, code, "The service is not ready.",
                failed.Description ?? "A readiness check failed; retry in a few seconds.").ExecuteAsync(context);
        }

        var body = new Dictionary<string, object?>(StringComparer.Ordinal) { ["status"] = status };
        foreach (HealthReportEntry entry in report.Entries.Values)
        {
            foreach (var (key, value) in entry.Data)
            {
                body[key] = value;
            }
        }

        return context.Response.WriteAsJsonAsync(body, Json, context.RequestAborted);
    }
}
