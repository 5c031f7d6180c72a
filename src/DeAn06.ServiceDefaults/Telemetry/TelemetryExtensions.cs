using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DeAn06.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry for every service, the way eShop's ServiceDefaults wires it.</summary>
public static class TelemetryExtensions
{
    /// <summary>Whether traces are recorded and exported: only with an OTLP endpoint configured.</summary>
    public static bool TracingEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[TelemetryNames.OtlpEndpointKey]);

    /// <summary>
    /// Metrics (ASP.NET Core, HttpClient, runtime and our own "DeAn06.*" meters) for the Prometheus
    /// endpoint, always; traces (ASP.NET Core, HttpClient and our own sources) and an OTLP export of
    /// both only when <see cref="TelemetryNames.OtlpEndpointKey"/> is set. Without it no tracer
    /// provider exists, so no span is sampled or recorded: ASP.NET Core and HttpClient still carry the
    /// caller's W3C trace context from one service to the next at no exporter cost.
    /// </summary>
    public static IHostApplicationBuilder AddDeAn06Telemetry(this IHostApplicationBuilder builder)
    {
        bool tracing = TracingEnabled(builder.Configuration);
        OpenTelemetryBuilder otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(TelemetryNames.Prefix + "*")
                    // Counted on every buffer rent, several times a request, for memory tuning rather
                    // than operations: dropped, so the listener never enables them.
                    .AddView("aspnetcore.memory_pool.*", MetricStreamConfiguration.Drop);
                foreach (string perRequest in UnreadPerRequestInstruments)
                {
                    metrics.AddView(perRequest, MetricStreamConfiguration.Drop);
                }

                metrics
                    .AddPrometheusExporter(o =>
                    {
                        // The exposition keeps the names and labels scrapers already read: no per-scope
                        // label, no target_info series, and never a cached (stale) answer.
                        o.ScopeInfoEnabled = false;
                        o.TargetInfoEnabled = false;
                        o.ScrapeResponseCacheDurationMilliseconds = 0;
                    });
                if (tracing)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (tracing)
        {
            otel.WithTracing(traces => traces
                .AddSource(TelemetryNames.Prefix + "*")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsPlumbing(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>
    /// Framework instruments measured on every request (some several times) that no dashboard, alert or
    /// page of ours reads: dropped, so the listener never enables them and the request path skips
    /// their measurements (OpenTelemetry's aggregation showed at 2–3 % of the gateway's CPU). The
    /// request counts and durations operators use stay: http.server.request.duration,
    /// http.client.request.duration and the DeAn06 meters (docs/operations.md lists what was dropped).
    /// </summary>
    internal static readonly string[] UnreadPerRequestInstruments =
    [
        "aspnetcore.routing.match_attempts", // one per request: the route matched, already a label of http.server.request.duration
        "aspnetcore.authentication.authenticate.duration", // one per request
        "aspnetcore.authorization.attempts", // one per request
        "aspnetcore.rate_limiting.*", // up to four per request (lease counts and durations); refusals are dean06_gateway_rate_limited_total
        "http.client.request.time_in_queue", // one per outgoing call: the wait for a pooled connection
        "http.client.active_requests", // two per outgoing call
    ];

    /// <summary>Probes and scrapes are not traced: they would drown the calls that matter.</summary>
    private static bool IsPlumbing(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(TelemetryNames.MetricsPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>/metrics in the Prometheus text format, answered on the service's own machine only (403 problem+json otherwise).</summary>
    public static WebApplication MapMetricsEndpoint(this WebApplication app, string accessDeniedCode)
    {
        app.MapPrometheusScrapingEndpoint(TelemetryNames.MetricsPath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            // Scraped by the platform's monitoring on the machine itself: answered on loopback only.
            if (context.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip))
            {
                await next(context);
                return;
            }

            await Problems.Create(StatusCodes.Status403Forbidden, accessDeniedCode, "Metrics are local.", "Scrape /metrics from the service's own machine.").ExecuteAsync(context);
        }), optionsName: null);
        return app;
    }
}
