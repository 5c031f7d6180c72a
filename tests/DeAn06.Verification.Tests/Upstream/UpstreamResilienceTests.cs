extern alias popdb;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using WireMock.ResponseBuilders;
using Citizen = popdb::DeAn06.PopulationDb.Population.Citizen;

namespace DeAn06.Verification.Tests.Upstream;

/// <summary>
/// The verification service against a WireMock.Net population DB that each test scripts: retries,
/// Retry-After, the circuit breaker, faults, malformed answers and slow bodies. The service runs with
/// the test profile of <see cref="StackFixture.CreateService"/> (0.5 s attempts, 2 retries, 1 s break).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class UpstreamResilienceTests(StackFixture stack) : IDisposable
{
    private readonly WireMockUpstream _upstream = new();
    private WebApplicationFactory<Program>? _service;
    private HttpClient? _client;

    private HttpClient Client
    {
        get
        {
            _service ??= stack.CreateService(("Upstream:BaseAddress", _upstream.BaseAddress.ToString()));
            return _client ??= StackFixture.GatewayClient(_service);
        }
    }

    private Citizen Living(int skip = 0) =>
        Enumerable.Range(0, stack.Population.Count).Select(i => stack.Population[i]).Where(c => !c.IsDeceased && !c.BirthYearOnly).Skip(skip).First();

    private static object Record(Citizen c) => new
    {
        SoDinhDanh = c.Id.ToString("D12", CultureInfo.InvariantCulture),
        HoVaTen = c.FullName,
        NgayThangNamSinh = c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        GioiTinh = c.IsMale ? "Nam" : "Nữ",
        MaHoSo = "HS-1",
    };

    private async Task<(HttpResponseMessage Response, JsonElement Json)> VerifyAsync(Citizen c)
    {
        HttpResponseMessage response = await StackFixture.PostJsonAsync(Client, "/api/v1/verify", Record(c));
        return (response, await StackFixture.JsonAsync(response));
    }

    private string Journal() => string.Join("\n", _upstream.Server.LogEntries.OrderBy(e => e.RequestMessage.DateTime)
        .Select(e => $"{e.RequestMessage.DateTime:HH:mm:ss.ffffff} {e.RequestMessage.Body} {e.ResponseMessage.StatusCode} {e.MappingTitle} {e.RequestMessage.Headers?.Count}"));

    private static string Verdict(JsonElement json) => json.GetProperty("result").GetProperty("verdict").GetString()!;

    [Fact]
    public async Task Verify_PopulationDbInMaintenance_UpstreamUnavailableFastWithRetryAfter()
    {
        _upstream.Server.Given(WireMockUpstream.Bulk()).RespondWith(WireMockUpstream.Problem(503, "MAINTENANCE", retryAfterSeconds: 30));
        var watch = Stopwatch.StartNew();
        var (response, json) = await VerifyAsync(Living());
        Assert.Equal("UPSTREAM_UNAVAILABLE", Verdict(json));
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}: a long Retry-After must not be waited out in real time");
    }

    [Theory]
    [InlineData("ErrorRate")]
    [InlineData("TimeoutRate")]
    [InlineData("ResetRate")]
    [InlineData("ThrottleRate")]
    public async Task Verify_UpstreamFaultOnEveryCall_UpstreamUnavailableWithRetryAfterNeverMismatch(string fault)
    {
        IResponseBuilder answer = fault switch
        {
            "ErrorRate" => WireMockUpstream.Problem(500, "INJECTED_ERROR"),
            "TimeoutRate" => WireMockUpstream.Found(Living(), Living(1), Living(2)).WithDelay(TimeSpan.FromSeconds(5)),
            "ResetRate" => WireMockUpstream.Found(Living()).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK),
            _ => WireMockUpstream.Problem(429, "THROTTLED", retryAfterSeconds: 1),
        };
        _upstream.Server.Given(WireMockUpstream.Bulk()).RespondWith(answer);

        var (one, json) = await VerifyAsync(Living());
        Assert.Equal("UPSTREAM_UNAVAILABLE", Verdict(json));
        Assert.True(one.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{fault}: Retry-After is '{one.Headers.RetryAfter}'");

        HttpResponseMessage many = await StackFixture.PostJsonAsync(Client, "/api/v1/verify/many", new { Records = new[] { Record(Living(1)), Record(Living(2)) } });
        JsonElement manyJson = await StackFixture.JsonAsync(many);
        Assert.All(manyJson.GetProperty("results").EnumerateArray(), r => Assert.Equal("UPSTREAM_UNAVAILABLE", r.GetProperty("verdict").GetString()));
        Assert.True(many.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{fault} (many): Retry-After is '{many.Headers.RetryAfter}'");
    }

    [Fact]
    public async Task Verify_OccasionalUpstreamErrors_RetriedToAnAnswer()
    {
        // A WireMock scenario: every third call fails (a third of calls, under the breaker's 0.5 ratio).
        Citizen c = Living();
        _upstream.Server.Given(WireMockUpstream.Bulk()).InScenario("flaky").WhenStateIs("fail").WillSetStateTo("ok-1").RespondWith(WireMockUpstream.Problem(500, "INJECTED_ERROR"));
        _upstream.Server.Given(WireMockUpstream.Bulk()).InScenario("flaky").WhenStateIs("ok-1").WillSetStateTo("ok-2").RespondWith(WireMockUpstream.Found(c));
        _upstream.Server.Given(WireMockUpstream.Bulk()).InScenario("flaky").WhenStateIs("ok-2").WillSetStateTo("fail").RespondWith(WireMockUpstream.Found(c));
        _upstream.Server.SetScenarioState("flaky", "fail");
        for (int i = 0; i < 10; i++)
        {
            var (_, json) = await VerifyAsync(c);
            Assert.True(Verdict(json) == "MATCH", Journal());
        }

        Assert.True(_upstream.BulkCalls().Count(call => call.Status == 500) >= 4, string.Join(", ", _upstream.BulkCalls().Select(x => x.Status)));
    }

    [Fact]
    public async Task Verify_UpstreamThrottlesWithShortRetryAfter_WaitsItOutThenMatches()
    {
        Citizen c = Living();
        _upstream.Server.Given(WireMockUpstream.Bulk()).InScenario("throttled").WillSetStateTo("served").RespondWith(WireMockUpstream.Problem(429, "THROTTLED", retryAfterSeconds: 1));
        _upstream.Server.Given(WireMockUpstream.Bulk()).InScenario("throttled").WhenStateIs("served").RespondWith(WireMockUpstream.Found(c));

        var (_, json) = await VerifyAsync(c);

        Assert.Equal("MATCH", Verdict(json));
        IReadOnlyList<(DateTime At, int Status)> calls = _upstream.BulkCalls();
        Assert.Equal([429, 200], calls.Select(x => x.Status));
        // The retry waited the upstream's 1 s, not the 20 ms backoff of the test profile.
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {calls[1].At - calls[0].At}");
    }

    [Theory]
    [InlineData("{\"KetQua\":[")]
    [InlineData("<html>Service Unavailable</html>")]
    [InlineData("")]
    [InlineData("{\"Foo\":1}")]
    [InlineData("{\"KetQua\":\"none\"}")]
    [InlineData("{\"KetQua\":[]}")]
    [InlineData("{\"KetQua\":[{\"SoDinhDanh\":\"x\",\"TimThay\":true}]}")]
    [InlineData("{\"KetQua\":[{\"SoDinhDanh\":\"x\",\"TimThay\":true,\"CongDan\":{\"SoDinhDanh\":\"not-a-number\",\"HoVaTen\":{},\"NgayThangNamSinh\":{\"Nam\":\"1990\"}}}]}")]
    public async Task Verify_MalformedUpstreamAnswer_UpstreamUnavailableNotServerError(string body)
    {
        _upstream.Server.Given(WireMockUpstream.Bulk())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=utf-8").WithBody(body));

        HttpResponseMessage one = await StackFixture.PostJsonAsync(Client, "/api/v1/verify", Record(Living()));
        string text = await one.Content.ReadAsStringAsync();
        Assert.True(one.IsSuccessStatusCode, $"{(int)one.StatusCode}: {text}");
        Assert.Equal("UPSTREAM_UNAVAILABLE", Verdict(JsonDocument.Parse(text).RootElement));
        Assert.True(one.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After is '{one.Headers.RetryAfter}'");
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

        HttpResponseMessage many = await StackFixture.PostJsonAsync(Client, "/api/v1/verify/many", new { Records = new[] { Record(Living(1)), Record(Living(2)) } });
        JsonElement manyJson = await StackFixture.JsonAsync(many);
        Assert.All(manyJson.GetProperty("results").EnumerateArray(), r => Assert.Equal("UPSTREAM_UNAVAILABLE", r.GetProperty("verdict").GetString()));
    }

    [Fact]
    public async Task Verify_SlowUpstreamBody_AttemptTimeoutEndsItUnavailable()
    {
        Citizen c = Living();
        _upstream.Server.Given(WireMockUpstream.Bulk()).RespondWith(WireMockUpstream.Found(c).WithDelay(TimeSpan.FromSeconds(30)));

        var watch = Stopwatch.StartNew();
        var (response, json) = await VerifyAsync(c);

        Assert.Equal("UPSTREAM_UNAVAILABLE", Verdict(json));
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After is '{response.Headers.RetryAfter}'");
        // Three attempts of 0.5 s and their backoff, far from the 30 s the upstream would take.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}: the per-attempt timeout did not end the slow answer");
    }

    [Fact]
    public async Task Verify_CircuitOpensAfterFailures_ThenRecovers()
    {
        Citizen c = Living();
        _upstream.Server.Given(WireMockUpstream.Bulk()).RespondWith(WireMockUpstream.Problem(500, "INJECTED_ERROR"));
        for (int i = 0; i < 12; i++)
        {
            await StackFixture.PostJsonAsync(Client, "/api/v1/verify", Record(c));
        }

        _upstream.Server.ResetMappings();
        _upstream.Server.Given(WireMockUpstream.Bulk()).RespondWith(WireMockUpstream.Found(c));
        int callsBefore = _upstream.BulkCalls().Count;
        var (openResponse, open) = await VerifyAsync(c);
        Assert.Equal("UPSTREAM_UNAVAILABLE", Verdict(open));
        Assert.True(openResponse.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After is '{openResponse.Headers.RetryAfter}'");
        Assert.Equal(callsBefore, _upstream.BulkCalls().Count); // the open circuit answered without calling

        // After the break duration (1 s in the test profile) a trial call closes it again.
        var deadline = Stopwatch.StartNew();
        string verdict;
        do
        {
            await Task.Delay(100);
            verdict = Verdict((await VerifyAsync(c)).Json);
        }
        while (verdict != "MATCH" && deadline.Elapsed < TimeSpan.FromSeconds(60));

        Assert.Equal("MATCH", verdict);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _service?.Dispose();
        _upstream.Dispose();
    }
}
