using Microsoft.AspNetCore.Http;

namespace DeAn06.ServiceDefaults;

/// <summary>
/// What a <see cref="BadHttpRequestException"/> says the client got wrong, as a status and a stable
/// code: the framing of the body (Kestrel), or a parameter minimal APIs could not bind. Never a 5xx:
/// each of these is the client's fault.
/// </summary>
public sealed record ClientFault(int Status, string Code, string Title, string Detail)
{
    /// <summary>The client fault somewhere in <paramref name="exception"/>'s chain, or null if there is none.</summary>
    public static ClientFault? Find(Exception? exception)
    {
        BadHttpRequestException? outer = null;
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                // Kestrel's own exception (a subtype) names a framing fault; it wins over the
                // binding failure that wraps it.
                if (bad.GetType() != typeof(BadHttpRequestException) || IsIncomplete(bad))
                {
                    return FromFraming(bad);
                }

                outer ??= bad;
            }
        }

        return outer is null ? null : FromBinding(outer);
    }

    public IResult ToResult() => Problems.Create(Status, Code, Title, Detail);

    // Kestrel's reason is internal; its messages are fixed English resources, so they identify it.
    private static ClientFault FromFraming(BadHttpRequestException e) => e.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => new(StatusCodes.Status408RequestTimeout, CommonErrorCode.BodyTimeout, "The request body stopped arriving.",
            "The body arrived too slowly or stopped before its end (Content-Length or the last chunk); send the whole body without pausing."),
        StatusCodes.Status413PayloadTooLarge => new(StatusCodes.Status413PayloadTooLarge, CommonErrorCode.BodyTooLarge, "The request body is too large.",
            "The body is larger than this endpoint accepts; split it."),
        _ when IsIncomplete(e) => new(StatusCodes.Status400BadRequest, CommonErrorCode.BodyIncomplete, "The request body is incomplete.",
                "The body ended before its Content-Length (or its last chunk); send the whole body."),
        _ => new(StatusCodes.Status400BadRequest, CommonErrorCode.MalformedBody, "The request body is malformed.",
            $"The body's framing is invalid ({e.Message.TrimEnd('.')}); check the chunked encoding."),
    };

    private static bool IsIncomplete(BadHttpRequestException e) =>
        e.StatusCode == StatusCodes.Status400BadRequest
        && (e.Message.Contains("end of request content", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("request incomplete", StringComparison.OrdinalIgnoreCase));

    // Minimal APIs' binding failures (RouteHandlerOptions.ThrowOnBadRequest): the message names the parameter.
    private static ClientFault FromBinding(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new(e.StatusCode, CommonErrorCode.UnsupportedMediaType, "Unsupported content type.", e.Message);
        }

        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(e.StatusCode, CommonErrorCode.BodyTooLarge, "The request body is too large.", e.Message);
        }

        string code = e.Message.Contains("as form", StringComparison.Ordinal) ? CommonErrorCode.MalformedForm
            : e.Message.Contains("as JSON", StringComparison.Ordinal) ? CommonErrorCode.MalformedJson
            : e.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal) || e.Message.StartsWith("Required parameter", StringComparison.Ordinal) ? CommonErrorCode.InvalidParameter
            : CommonErrorCode.BadRequest;
        string detail = code == CommonErrorCode.MalformedForm && e.InnerException is { } inner
            ? $"{e.Message} {inner.Message}"
            : e.Message;
        return new(StatusCodes.Status400BadRequest, code, "The request is invalid.", detail);
    }
}
