namespace DeAn06.Verification.Apis;

/// <summary>Streams a body produced by a callback: results of millions of lines never sit in memory.</summary>
internal sealed class StreamedResult(string contentType, Func<Stream, CancellationToken, Task> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = contentType;
        await write(httpContext.Response.Body, httpContext.RequestAborted);
    }
}
