using DeAn06.Verification.Callers;

namespace DeAn06.Verification.Apis;

internal static class CallerExtensions
{
    /// <summary>The caller set by <see cref="CallerMiddleware"/> (always present on /api/*).</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("CallerMiddleware did not run.");

    public static string RequestId(this HttpContext context) =>
        context.Request.Headers["X-Request-Id"].ToString() is { Length: > 0 and <= 64 } id ? id : context.TraceIdentifier;
}
