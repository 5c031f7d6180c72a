using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace DeAn06.ServiceDefaults;

/// <summary>
/// Adds <c>Server-Timing: app;dur=…</c> (ms, from request start to the first response byte) so load
/// runs can separate server time from client and network time.
/// </summary>
public sealed class ServerTimingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(static state =>
        {
            var (ctx, start) = ((HttpContext, long))state;
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            ctx.Response.Headers["Server-Timing"] = "app;dur=" + ms.ToString("0.###", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }, (context, started));
        return next(context);
    }
}
