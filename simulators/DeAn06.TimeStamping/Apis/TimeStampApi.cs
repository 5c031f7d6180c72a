using System.Text.RegularExpressions;
using DeAn06.ServiceDefaults;
using DeAn06.TimeStamping.Issuing;
using DeAn06.TimeStamping.Journal;

namespace DeAn06.TimeStamping.Apis;

/// <summary>
/// POST /timestamp (RFC 3161 over HTTP: application/timestamp-query in, application/timestamp-reply out),
/// with the requester named in X-DeAn06-Requester; GET /journal[?requester=] lists issued tokens (JSON lines).
/// </summary>
public static partial class TimeStampApi
{
    private const string RequesterHeader = "X-DeAn06-Requester";
    private const int MaxRequestBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapTimeStampApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/timestamp", StampAsync);
        app.MapGet("/journal", Journal);
        return app;
    }

    private static async Task<IResult> StampAsync(HttpRequest request, TimeStampAuthority tsa, CancellationToken ct)
    {
        if (request.ContentType != "application/timestamp-query")
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", "Not a time-stamp query.", "Send a DER TimeStampReq as application/timestamp-query (RFC 3161 §3.4).");
        }

        string requester = request.Headers[RequesterHeader].ToString();
        if (!RequesterName().IsMatch(requester))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "REQUESTER_MISSING", "Who is asking?", $"Name the requester in {RequesterHeader} (1–64 letters, digits, '.', '_' or '-'); the journal files tokens by it.");
        }

        using var body = new MemoryStream();
        byte[] buffer = new byte[4096];
        int n;
        while ((n = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + n > MaxRequestBytes)
            {
                return Problems.Create(StatusCodes.Status413PayloadTooLarge, "REQUEST_TOO_LARGE", "Time-stamp query too large.", $"A TimeStampReq is a few hundred bytes; at most {MaxRequestBytes} are read.");
            }

            body.Write(buffer, 0, n);
        }

        return Results.Bytes(tsa.Answer(body.ToArray(), requester), "application/timestamp-reply");
    }

    private static IResult Journal(TokenJournal journal, string? requester) =>
        Results.Text(string.Concat(journal.Read(requester).Select(l => l + "\n")), "application/jsonl");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex RequesterName();
}
