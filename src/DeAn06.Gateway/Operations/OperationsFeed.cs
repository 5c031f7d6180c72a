using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace DeAn06.Gateway.Operations;

/// <summary>
/// The operators' page's live updates as server-sent events: every two seconds the gateway gathers
/// statistics, jobs, breakers and its own counters and pushes them only when they changed (a comment
/// line otherwise keeps the connection open). One long request instead of five polls every 2 s, and
/// none of it in the message log: these are the page's own reads, not a consumer's exchanges.
/// The stream ends with an "ended" event when the cookie it was opened with no longer signs in, so
/// the page reconnects with its renewed cookie or says that the session has ended.
/// </summary>
internal static class OperationsFeed
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public static async Task StreamAsync(HttpContext http, VerificationClient verification, GatewayMetrics metrics, Tokens.TokenService tokens,
        PopulationDbWatch watch, Microsoft.Extensions.Options.IOptions<MessageLog.MessageLogOptions> log, TimeProvider time)
    {
        CancellationToken ct = http.RequestAborted;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        string clientId = http.Consumer()?.ConsumerId ?? "-";
        string? last = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // The cookie this stream was opened with, validated again each period (authentication's
                // result is cached for the request): once it expires the stream ends and the page
                // reconnects with its renewed cookie, or says that the session has ended.
                if (!http.Request.Cookies.TryGetValue(OperatorAuth.Cookie, out string? cookie) || !(await tokens.ValidateAsync(cookie)).IsValid)
                {
                    await WriteAsync(http, "event: ended\ndata: {}\n\n", ct);
                    return;
                }

                string snapshot = await SnapshotAsync(verification, metrics, watch, log.Value.SqlitePath, clientId, ct);
                await WriteAsync(http, snapshot == last ? ": unchanged\n\n" : $"event: snapshot\ndata: {snapshot}\n\n", ct);
                last = snapshot;
                await Task.Delay(Period, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await http.Response.Body.FlushAsync(ct);
    }

    /// <summary>Everything the page draws, as one JSON object; a part the verification service did not give is null.</summary>
    private static async Task<string> SnapshotAsync(VerificationClient verification, GatewayMetrics metrics, PopulationDbWatch watch, string sealsPath, string clientId, CancellationToken ct)
    {
        Task<string?> groups = GetAsync(verification, "/api/v1/statistics?format=json", clientId, ct);
        Task<string?> days = GetAsync(verification, "/api/v1/statistics?format=json&groupBy=day", clientId, ct);
        Task<string?> jobs = GetAsync(verification, "/api/v1/operations/jobs?limit=200", clientId, ct);
        Task<string?> circuits = GetAsync(verification, "/api/v1/operations/upstream", clientId, ct);
        Task<string?> population = GetAsync(verification, "/api/v1/operations/population-db", clientId, ct);
        await Task.WhenAll(groups, days, jobs, circuits, population);

        bool reachable = population.Result is { } p && JsonDocument.Parse(p).RootElement.GetProperty("reachable").GetBoolean();
        bool circuitsClosed = circuits.Result is { } c && !c.Contains("Open", StringComparison.Ordinal);
        bool up = reachable && circuitsClosed;
        DateTimeOffset since = watch.Observe(up);

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Raw(w, "statistics", groups.Result);
            Raw(w, "days", days.Result);
            Raw(w, "jobs", jobs.Result);
            Raw(w, "circuits", circuits.Result);
            w.WriteStartObject("populationDb");
            w.WriteBoolean("reachable", up);
            w.WriteBoolean("answering", reachable);
            w.WriteBoolean("verificationAnswering", jobs.Result is not null);
            w.WriteString("since", since);
            w.WriteEndObject();
            w.WritePropertyName("platform");
            JsonSerializer.Serialize(w, metrics.Snapshot(), JsonSerializerOptions.Web);
            w.WritePropertyName("seals");
            JsonSerializer.Serialize(w, OperationsEndpoints.RecentSeals(sealsPath), JsonSerializerOptions.Web);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Raw(Utf8JsonWriter w, string name, string? json)
    {
        w.WritePropertyName(name);
        if (json is null)
        {
            w.WriteNullValue();
        }
        else
        {
            w.WriteRawValue(json, skipInputValidation: true);
        }
    }

    private static async Task<string?> GetAsync(VerificationClient verification, string path, string clientId, CancellationToken ct)
    {
        try
        {
            using HttpResponseMessage response = await verification.GetAsync(path, "OPS", clientId, ct);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct) : null;
        }
        catch (HttpRequestException)
        {
            return null; // the page shows the verification service as not answering
        }
    }
}
