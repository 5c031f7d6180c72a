using System.Text.RegularExpressions;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// Accepts a well-formed X-Request-Id from the caller or creates one, passes it upstream and returns
/// it, so one exchange can be traced through the gateway, the services and the message log.
/// </summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        string? incoming = context.Request.Headers[Header];
        string id = incoming is not null && SafeId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Request.Headers[Header] = id;
        context.TraceIdentifier = id;
        context.Response.OnStarting(EchoId, context);
        return next(context);
    }

    // Static, with the context as its state: no closure and delegate per request. The id is the trace
    // identifier set above, which nothing else changes.
    private static readonly Func<object, Task> EchoId = static state =>
    {
        var context = (HttpContext)state;
        context.Response.Headers[Header] = context.TraceIdentifier;
        return Task.CompletedTask;
    };

    // Callers' ids end up in logs: keep them short and free of anything that could forge a log line.
    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex SafeId();
}
