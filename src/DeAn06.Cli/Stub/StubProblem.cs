using System.Text.Json;
using WireMock.ResponseBuilders;

namespace DeAn06.Cli.Stub;

/// <summary>problem+json answers in the simulator's shape (type, title, status, detail, code, extensions, traceId).</summary>
internal static class StubProblem
{
    /// <summary>
    /// A W3C trace id, as ASP.NET Core adds to every problem; random per answer through WireMock's Handlebars
    /// templating (single quotes: the template sits inside a JSON string, where double quotes are escaped).
    /// </summary>
    private const string TraceId = """00-{{Random Type='TextRegex' Pattern='[0-9a-f]{32}'}}-{{Random Type='TextRegex' Pattern='[0-9a-f]{16}'}}-00""";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResponseBuilder Response(int status, string code, string title, string detail, string? field = null)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["type"] = "urn:dean06:problem:" + code,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (field is not null)
        {
            body["field"] = field;
        }

        body["traceId"] = TraceId;
        return WireMock.ResponseBuilders.Response.Create().WithStatusCode(status)
            .WithHeader("Content-Type", "application/problem+json")
            // A string body: WireMock's templating of a JSON body object fails on this shape in 1.25.
            .WithBody(JsonSerializer.Serialize(body, Relaxed))
            .WithTransformer();
    }
}
