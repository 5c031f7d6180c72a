using System.Net.Http.Headers;
using System.Text;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;

namespace DeAn06.Gateway.Tests.Metrics;

[Collection(GatewayCollection.Name)]
public sealed class GatewayMetricsTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Metrics_OnLoopback_PrometheusTextWithRequestsLimitsAndUpstreams()
    {
        await using ServiceProcess gateway = await StartGatewayAsync("--Consumers:Clients:BHXH:RatePerSecond=1", "--Consumers:Clients:BHXH:Burst=1");
        using HttpClient client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayFixture.TokenAsync(client, "BHXH"));
        const string record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
        // Concurrently: the bucket (1 token, refilled once a second) is drawn within milliseconds,
        // however long the forwarded call then takes.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostAsync("/api/v1/verify", new StringContent(record, Encoding.UTF8, "application/json"))));

        string metrics = await client.GetStringAsync("/metrics");
        // The same samples as ever; OpenTelemetry's exporter writes the labels sorted by name.
        Assert.Equal(1, PrometheusText.Sample(metrics, "dean06_gateway_requests_total", ("route", "verify"), ("client", "BHXH"), ("status", "200")));
        Assert.Equal(2, PrometheusText.Sample(metrics, "dean06_gateway_requests_total", ("route", "verify"), ("client", "BHXH"), ("status", "429")));
        Assert.Equal(2, PrometheusText.Sample(metrics, "dean06_gateway_rate_limited_total", ("client", "BHXH")));
        Assert.Equal(3, PrometheusText.Sample(metrics, "dean06_gateway_request_duration_seconds_count", ("route", "verify")));
        Assert.Equal(1, PrometheusText.Sample(metrics, "dean06_gateway_upstream_healthy", ("cluster", "verification"), ("destination", "primary")));

        // The token request and the three calls reach the message log within its group-commit window.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (PrometheusText.Sample(metrics, "dean06_gateway_message_log_written_total") != 4 && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Equal(4, PrometheusText.Sample(metrics, "dean06_gateway_message_log_written_total"));
        Assert.Equal(0, PrometheusText.Sample(metrics, "dean06_gateway_message_log_queued"));
    }

    [Fact]
    public async Task Metrics_AfterProxiedCall_PerRequestInstrumentsNobodyReadsDropped()
    {
        await using ServiceProcess gateway = await StartGatewayAsync();
        using HttpClient client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayFixture.TokenAsync(client, "BHXH"));
        const string record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
        using HttpResponseMessage verified = await client.PostAsync("/api/v1/verify", new StringContent(record, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, verified.StatusCode);

        string metrics = await client.GetStringAsync("/metrics");
        // What operators read stays (docs/operations.md)...
        Assert.Contains("http_server_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
        Assert.Equal(1, PrometheusText.Sample(metrics, "dean06_gateway_requests_total", ("route", "verify"), ("client", "BHXH"), ("status", "200")));
        // ...what the call would have measured for nobody is gone.
        foreach (string dropped in (string[])["aspnetcore_routing_match_attempts_total", "aspnetcore_authentication_authenticate_duration_seconds",
            "aspnetcore_authorization_attempts_total", "aspnetcore_rate_limiting_", "http_client_request_time_in_queue_seconds", "http_client_active_requests"])
        {
            Assert.DoesNotContain(dropped, metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_NotFromLoopback_403()
    {
        await using var gateway = fixture.CreateGateway();
        using HttpClient client = gateway.CreateClient();
        await GatewayFixture.ProblemAsync(await client.GetAsync("/metrics"), 403, "ACCESS_DENIED");
    }

    /// <summary>A gateway process of its own (its /metrics is read whole) with BHXH allowed to verify.</summary>
    private Task<ServiceProcess> StartGatewayAsync(params string[] extra)
    {
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        return ServiceProcess.StartAsync("DeAn06.Gateway",
        [
            $"--Gateway:UpstreamSecret={GatewayFixture.UpstreamSecret}", $"--Tokens:KeysPath={dir}/keys", $"--MessageLog:SqlitePath={dir}/log.db",
            $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={fixture.Verification.BaseAddress}",
            $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={fixture.Simulator.BaseAddress}",
            $"--Consumers:Clients:BHXH:SecretHash={SecretHasher.Hash("bhxh-secret", 1_000)}", "--Consumers:Clients:BHXH:Services:0=verify",
            .. extra,
        ], readyPath: "/health/ready");
    }
}
