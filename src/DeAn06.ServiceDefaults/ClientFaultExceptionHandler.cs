using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DeAn06.ServiceDefaults;

/// <summary>
/// Turns a client's fault that surfaced as an exception (a body shorter than its Content-Length,
/// broken chunks, a slow body, a query value that does not bind) into its 4xx problem instead of the
/// 500 <c>UseExceptionHandler</c> would answer.
/// </summary>
internal sealed class ClientFaultExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (ClientFault.Find(exception) is not { } fault || httpContext.Response.HasStarted)
        {
            return false;
        }

        await fault.ToResult().ExecuteAsync(httpContext);
        return true;
    }
}
