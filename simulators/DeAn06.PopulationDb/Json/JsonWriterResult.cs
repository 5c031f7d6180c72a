using System.Text.Json;
using DeAn06.PopulationDb.Apis;

namespace DeAn06.PopulationDb.Json;

/// <summary>An <see cref="IResult"/> that writes JSON with a callback straight into the response pipe.</summary>
internal sealed class JsonWriterResult(Action<Utf8JsonWriter> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, CitizenApi.WriterOptions))
        {
            write(writer);
            writer.Flush();
        }

        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
