using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeAn06.ServiceDefaults.OpenApi;

/// <summary>Documents an endpoint's request body without letting routing refuse other content types.</summary>
public static class DocumentedBodyExtensions
{
    /// <summary>The media type that keeps routing out of content negotiation; <see cref="TextContentOperationTransformer"/> drops it from the document.</summary>
    internal const string AnyContentType = "*/*";

    /// <summary>
    /// Describes the body as <typeparamref name="T"/> in <paramref name="contentType"/> (and <paramref name="more"/>). Plain
    /// <c>Accepts</c> would also make routing answer other content types with its own bare 415;
    /// the handlers answer them themselves, with a stable code and a message that says what to
    /// send, so the endpoint accepts any content type (*/*), which the document leaves out.
    /// </summary>
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder endpoint, string contentType, params string[] more)
        where T : notnull =>
        endpoint.Accepts<T>(contentType, [.. more, AnyContentType]);
}
