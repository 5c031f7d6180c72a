using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DeAn06.PopulationDb.Tests.Support;
using DeAn06.Testing;

namespace DeAn06.PopulationDb.Tests.Faults;

/// <summary>The real simulator process over loopback: every fault kind, run-time changes, determinism.</summary>
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string Key = "fault-test-key";
    private const string Lookup = "/api/v1/TraCuuThongTinCongDan";
    private ServiceProcess _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=20000", "--Population:Seed=5", $"--Admin:Key={Key}"]);
        _client = _service.CreateClient(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task NoFaults_LookupOverLoopback_Answers()
    {
        HttpResponseMessage response = await LookupAsync();
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.NotFound });
    }

    [Fact]
    public async Task ErrorRateOne_Every_Call500InjectedError()
    {
        await SetFaultsAsync(new { ErrorRate = 1.0 });
        await HttpAssert.ProblemAsync(await LookupAsync(), 500, "INJECTED_ERROR");
    }

    [Fact]
    public async Task ThrottleRateOne_429WithRetryAfter()
    {
        await SetFaultsAsync(new { ThrottleRate = 1.0, ThrottleRetryAfterSeconds = 7 });
        HttpResponseMessage response = await LookupAsync();
        await HttpAssert.ProblemAsync(response, 429, "THROTTLED");
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task MaintenanceWindow_503WithRetryAfter_HealthUnaffected()
    {
        await SetFaultsAsync(new { MaintenanceForSeconds = 60, MaintenanceRetryAfterSeconds = 45 });
        HttpResponseMessage response = await LookupAsync();
        await HttpAssert.ProblemAsync(response, 503, "MAINTENANCE");
        Assert.Equal(TimeSpan.FromSeconds(45), response.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);

        await SetFaultsAsync(new { MaintenanceForSeconds = 0 });
        Assert.NotEqual(HttpStatusCode.ServiceUnavailable, (await LookupAsync()).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterInjectedErrors_CitizensAndFaultsByKind()
    {
        await SetFaultsAsync(new { ErrorRate = 1.0 });
        for (int i = 0; i < 2; i++)
        {
            await HttpAssert.ProblemAsync(await LookupAsync(), 500, "INJECTED_ERROR");
        }

        string metrics = await _client.GetStringAsync("/metrics");
        Assert.Equal(20000, PrometheusText.Sample(metrics, "dean06_population_db_citizens"));
        Assert.Equal(2, PrometheusText.Sample(metrics, "dean06_population_db_faults_injected_total", ("kind", "error")));
        // ASP.NET Core's own request duration, as OpenTelemetry names it for Prometheus.
        Assert.Contains("http_server_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeoutRateOne_NoAnswerBeforeClientGivesUp()
    {
        await SetFaultsAsync(new { TimeoutRate = 1.0, TimeoutHoldSeconds = 30 });
        using var impatient = _service.CreateClient(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.PostAsync(Lookup, Body()));
    }

    [Fact]
    public async Task ResetRateOne_ConnectionDroppedWithoutResponse()
    {
        await SetFaultsAsync(new { ResetRate = 1.0 });
        await Assert.ThrowsAsync<HttpRequestException>(() => _client.PostAsync(Lookup, Body()));
    }

    [Fact]
    public async Task Latency_AddedToEveryCall()
    {
        await SetFaultsAsync(new { LatencyMs = 300 });
        var watch = Stopwatch.StartNew();
        await LookupAsync();
        Assert.True(watch.ElapsedMilliseconds >= 300, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task SameSeedAndSettings_SameSequenceOfFaults()
    {
        var settings = new { Seed = 99, ErrorRate = 0.3, ThrottleRate = 0.2 };
        await SetFaultsAsync(settings);
        int[] first = await StatusesAsync(40);
        await SetFaultsAsync(settings);
        int[] second = await StatusesAsync(40);
        await SetFaultsAsync(new { Seed = 100, ErrorRate = 0.3, ThrottleRate = 0.2 });
        int[] other = await StatusesAsync(40);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains(500, first);
        Assert.Contains(429, first);
        Assert.Contains(first, s => s is 200 or 404);
    }

    [Fact]
    public async Task Admin_WrongOrMissingKey_401()
    {
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/faults") { Headers = { { "X-Admin-Key", "nope" } } };
        await HttpAssert.ProblemAsync(await _client.SendAsync(wrong), 401, "ADMIN_KEY_REQUIRED");
        await HttpAssert.ProblemAsync(await _client.GetAsync("/admin/faults"), 401, "ADMIN_KEY_REQUIRED");
    }

    [Fact]
    public async Task Admin_InvalidSettings_400ListsEveryError()
    {
        HttpResponseMessage response = await PutFaultsAsync(new { ErrorRate = 2.0, LatencyMs = -1, ThrottleRate = 0.9, ResetRate = 0.5 });
        JsonElement problem = await HttpAssert.ProblemAsync(response, 400, "INVALID_FAULT_SETTINGS");
        string[] errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains(errors, e => e.StartsWith("ErrorRate:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LatencyMs:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("must not exceed 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Admin_Get_ReturnsSettingsInForce()
    {
        await SetFaultsAsync(new { ErrorRate = 0.25 });
        using var get = new HttpRequestMessage(HttpMethod.Get, "/admin/faults") { Headers = { { "X-Admin-Key", Key } } };
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.SendAsync(get));
        Assert.Equal(0.25, json.GetProperty("settings").GetProperty("errorRate").GetDouble());
    }

    private async Task<int[]> StatusesAsync(int count)
    {
        var statuses = new int[count];
        for (int i = 0; i < count; i++)
        {
            statuses[i] = (int)(await LookupAsync()).StatusCode;
        }

        return statuses;
    }

    private Task<HttpResponseMessage> LookupAsync() => _client.PostAsync(Lookup, Body());

    private static StringContent Body() => new("""{"SoDinhDanh":"001082307521"}""", System.Text.Encoding.UTF8, "application/json");

    private async Task SetFaultsAsync(object settings)
    {
        HttpResponseMessage response = await PutFaultsAsync(settings);
        await HttpAssert.OkJsonAsync(response);
    }

    private Task<HttpResponseMessage> PutFaultsAsync(object settings)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "/admin/faults")
        {
            Content = new StringContent(JsonSerializer.Serialize(settings), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Admin-Key", Key);
        return _client.SendAsync(request);
    }
}
