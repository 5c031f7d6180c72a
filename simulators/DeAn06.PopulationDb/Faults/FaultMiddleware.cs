using DeAn06.ServiceDefaults;
using System.Globalization;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Journal;

namespace DeAn06.PopulationDb.Faults;

/// <summary>Applies the injected faults to the citizen API (never to health or admin endpoints).</summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, FaultRules rules, Metrics.PopulationDbMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        CitizenCall? call = context.Features.Get<CitizenCall>();
        if (rules.Count > 0 && rules.Match(EndpointOf(context.Request.Path), call?.Numbers ?? []) is { } matched)
        {
            if (call is not null)
            {
                call.Fault = "rule " + matched.Id;
            }

            if (!await RuleAnswer.ApplyAsync(context, matched.Rule, time))
            {
                await next(context);
            }

            return;
        }

        var (kind, latency) = faults.Next();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, context.RequestAborted);
        }

        if (kind != FaultKind.None)
        {
            metrics.Injected(kind);
            context.Features.Get<CitizenCall>()?.Fault = kind.ToString().ToLowerInvariant();
        }

        switch (kind)
        {
            case FaultKind.None:
                await next(context);
                return;
            case FaultKind.Reset:
                context.Features.Get<CitizenCall>()?.Dropped = true;
                context.Abort();
                return;
            case FaultKind.Timeout:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(faults.Settings.TimeoutHoldSeconds), time, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as a client of a hung upstream should.
                }

                context.Features.Get<CitizenCall>()?.Dropped = true;
                context.Abort();
                return;
            case FaultKind.Maintenance:
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ErrorCode.Maintenance,
                    "The population database is in maintenance.", "Planned maintenance; retry after the time in Retry-After.",
                    faults.Settings.MaintenanceRetryAfterSeconds);
                return;
            case FaultKind.Throttle:
                await WriteAsync(context, StatusCodes.Status429TooManyRequests, ErrorCode.Throttled,
                    "Too many requests.", "The population database is shedding load; retry after the time in Retry-After.",
                    faults.Settings.ThrottleRetryAfterSeconds);
                return;
            default:
                await WriteAsync(context, StatusCodes.Status500InternalServerError, ErrorCode.InjectedError,
                    "Injected upstream error.", "The simulator injected this error (fault injection is on).", retryAfter: null);
                return;
        }
    }

    /// <summary>"TraCuuThongTinCongDan/bulk" for /api/v1/TraCuuThongTinCongDan/bulk.</summary>
    private static string EndpointOf(PathString path) =>
        path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase, out PathString rest) ? rest.Value!.TrimStart('/') : "";

    private static Task WriteAsync(HttpContext context, int status, string code, string title, string detail, int? retryAfter)
    {
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Problems.Create(status, code, title, detail).ExecuteAsync(context);
    }
}
