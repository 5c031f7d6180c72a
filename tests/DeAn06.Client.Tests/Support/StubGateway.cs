using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Client.Tests.Support;

/// <summary>
/// The transport under the SDK's handlers, standing in for the gateway: hands out tokens t1, t2, …
/// (valid <see cref="TokenLifetimeSeconds"/>), answers other requests with <see cref="Respond"/>
/// (signed by the gateway certificate unless the answer says otherwise), and records what was sent
/// and when on the fake clock.
/// </summary>
internal sealed class StubGateway(TestPki pki, FakeTimeProvider time) : HttpMessageHandler
{
    private int _tokens;

    public int TokenLifetimeSeconds { get; set; } = 300;

    /// <summary>The answer to the n-th (from 0) request to an API path.</summary>
    public Func<Sent, int, HttpResponseMessage> Respond { get; set; } = (_, _) => Json("{}");

    /// <summary>When set, answers in place of <see cref="Respond"/>, and may hold an answer back.</summary>
    public Func<Sent, int, Task<HttpResponseMessage>>? RespondAsync { get; set; }

    public ConcurrentQueue<Sent> Requests { get; } = new();

    public IReadOnlyList<Sent> Api => [.. Requests.Where(r => r.Path != "/connect/token")];

    public int TokenRequests => Requests.Count(r => r.Path == "/connect/token");

    public const string VerifyAnswer = """{"requestId":"r-1","policy":"tolerant","result":{"verdict":"MATCH","maskedId":"001*******44"}}""";

    public const string JobAnswer = """{"jobId":"j-1","status":"Queued","sector":"BHXH","province":"06","policy":"tolerant","format":"csv","total":2,"rejected":0,"done":0,"counts":{},"waitingForUpstream":false,"createdAt":"2026-12-02T08:00:00Z","links":{}}""";

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string type = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, type) };

    public static HttpResponseMessage Problem(HttpStatusCode status, string code, int? retryAfterSeconds = null)
    {
        HttpResponseMessage response = Json($$"""{"status":{{(int)status}},"code":"{{code}}","title":"refused","detail":"{{code}} detail"}""", status, "application/problem+json");
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }

    /// <summary>Marks an answer to be sent without the gateway's signature.</summary>
    public static HttpResponseMessage Unsigned(HttpResponseMessage response)
    {
        response.Headers.Add("X-Test-Unsigned", "1");
        return response;
    }

    /// <summary>Marks an answer to have one byte changed after the gateway signed it.</summary>
    public static HttpResponseMessage Tampered(HttpResponseMessage response)
    {
        response.Headers.Add("X-Test-Tamper", "1");
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var sent = new Sent(request.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, time.GetUtcNow(),
            request.Headers.Authorization?.Parameter, Header(request, "X-DeAn06-Signature"), Header(request, "Idempotency-Key"),
            request.Content?.Headers.ContentType?.MediaType, body);
        int index = Requests.Count(r => r.Path == sent.Path && r.Path != "/connect/token");
        Requests.Enqueue(sent);
        if (sent.Path == "/connect/token")
        {
            int n = Interlocked.Increment(ref _tokens);
            return Json($$"""{"access_token":"t{{n}}","token_type":"Bearer","expires_in":{{TokenLifetimeSeconds}}}""");
        }

        HttpResponseMessage response = RespondAsync is { } respond ? await respond(sent, index) : Respond(sent, index);
        response.RequestMessage = request;
        if (response.IsSuccessStatusCode && !response.Headers.Remove("X-Test-Unsigned"))
        {
            byte[] answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            response.Headers.Add("X-DeAn06-Signature", TestPki.SignAs(pki.Gateway, answer));
            if (response.Headers.Remove("X-Test-Tamper"))
            {
                MediaTypeHeaderValue? type = response.Content.Headers.ContentType;
                answer[^2] = (byte)' '; // one byte changed after signing, as a meddling proxy would
                response.Content = new ByteArrayContent(answer);
                response.Content.Headers.ContentType = type;
            }
        }

        return response;
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.First() : null;

    public sealed record Sent(HttpMethod Method, string Path, string Query, DateTimeOffset At, string? Token, string? Signature, string? IdempotencyKey, string? ContentType, byte[] Body);
}
