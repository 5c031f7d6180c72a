using System.Net;

namespace DeAn06.Client;

/// <summary>
/// The gateway or a service behind it refused the call with problem+json (RFC 9457).
/// <see cref="Code"/> is the stable error code to branch on (e.g. <c>RATE_LIMITED</c>, <c>SIGNATURE_INVALID</c>).
/// </summary>
public class DeAn06ApiException : Exception
{
    public DeAn06ApiException()
    {
        Code = "UNKNOWN";
    }

    public DeAn06ApiException(string message)
        : base(message)
    {
        Code = "UNKNOWN";
    }

    public DeAn06ApiException(string message, Exception inner)
        : base(message, inner)
    {
        Code = "UNKNOWN";
    }

    public DeAn06ApiException(HttpStatusCode status, string code, string? title, string? detail, string? requestId, TimeSpan? retryAfter)
        : base($"{(int)status} {code}: {detail ?? title ?? status.ToString()}")
    {
        Status = status;
        Code = code;
        Title = title;
        Detail = detail;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The problem's stable <c>code</c>.</summary>
    public string Code { get; }

    /// <summary>The problem's title.</summary>
    public string? Title { get; }

    /// <summary>What went wrong and what to do, for a person.</summary>
    public string? Detail { get; }

    /// <summary>The gateway's X-Request-Id, to quote to the operators.</summary>
    public string? RequestId { get; }

    /// <summary>From Retry-After on 429/503, when given.</summary>
    public TimeSpan? RetryAfter { get; }
}
