extern alias popdb;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Citizen = popdb::DeAn06.PopulationDb.Population.Citizen;
using Documents = popdb::DeAn06.PopulationDb.Json.CitizenDocuments;

namespace DeAn06.Verification.Tests.Support;

/// <summary>
/// A WireMock.Net population DB on 127.0.0.1 for the upstream tests: each test scripts the answers
/// (faults, delays, scenarios) and reads the request journal; citizens are answered in the simulator's
/// own JSON.
/// </summary>
public sealed class WireMockUpstream : IDisposable
{
    public const string BulkPath = "/api/v1/TraCuuThongTinCongDan/bulk";

    public WireMockUpstream()
    {
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

        // WireMock's first answer is slow (JIT, lazy set-up): on a busy machine longer than the test profile's
        // 0.5 s attempt timeout, which would turn a test's scripted first answer into a timeout. One call first.
        Server.Given(Request.Create().WithPath("/warm-up").UsingPost()).RespondWith(Problem(503, "WARM_UP", retryAfterSeconds: 1));
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) })
        using (HttpResponseMessage warm = http.PostAsync(new Uri(BaseAddress, "warm-up"), new StringContent("{}")).GetAwaiter().GetResult())
        {
            Assert.Equal(503, (int)warm.StatusCode);
        }

        Server.ResetMappings();
        Server.ResetLogEntries();
    }

    public WireMockServer Server { get; }

    public Uri BaseAddress => new(Server.Url!.TrimEnd('/') + "/");

    public static IRequestBuilder Bulk() => Request.Create().WithPath(BulkPath).UsingPost();

    /// <summary>The bulk answer for these citizens, every one found, as the simulator writes it.</summary>
    public static IResponseBuilder Found(params Citizen[] citizens) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(FoundBody(citizens));

    public static string FoundBody(params Citizen[] citizens)
    {
        var items = new JsonArray();
        foreach (Citizen c in citizens)
        {
            items.Add(new JsonObject
            {
                ["SoDinhDanh"] = c.Id.ToString("D12", CultureInfo.InvariantCulture),
                ["TimThay"] = true,
                ["CongDan"] = JsonNode.Parse(Documents.Compact(c)),
            });
        }

        return new JsonObject { ["KetQua"] = items }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>A problem+json answer as the simulator gives for its faults, optionally with Retry-After.</summary>
    public static IResponseBuilder Problem(int status, string code, int? retryAfterSeconds = null)
    {
        IResponseBuilder response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/problem+json")
            .WithBody(JsonSerializer.Serialize(new { type = "urn:dean06:problem:" + code, title = code, status, detail = "scripted by the test", code }));
        return retryAfterSeconds is { } s ? response.WithHeader("Retry-After", s.ToString(CultureInfo.InvariantCulture)) : response;
    }

    /// <summary>The bulk calls that reached the upstream, in order: when, and what it answered.</summary>
    public IReadOnlyList<(DateTime At, int Status)> BulkCalls() =>
        Server.LogEntries.Where(e => e.RequestMessage.Path == BulkPath)
            .Select(e => (e.RequestMessage.DateTime, Convert.ToInt32(e.ResponseMessage.StatusCode ?? 0, CultureInfo.InvariantCulture)))
            .OrderBy(e => e.DateTime)
            .ToList();

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
