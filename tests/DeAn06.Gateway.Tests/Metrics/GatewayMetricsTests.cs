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
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        await using ServiceProcess gateway = await ServiceProcess.StartAsync("DeAn06.Gateway",
        [
            $"--Gateway:UpstreamSecret={GatewayFixture.UpstreamSecret}", $"--Tokens:KeysPath={dir}/keys", $"--MessageLog:SqlitePath={dir}/log.db",
            $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={fixture.Verification.BaseAddress}",
            $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={fixture.Simulator.BaseAddress}",
            $"--Consumers:Clients:BHXH:SecretHash={SecretHasher.Hash("bhxh-secret", 1_000)}", "--Consumers:Clients:BHXH:Services:0=verify",
            "--Consumers:Clients:BHXH:RatePerSecond=1", "--Consumers:Clients:BHXH:Burst=1",
        ], readyPath: "/health/ready");
        using HttpClient client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayFixture.TokenAsync(client, "BHXH"));
        const string record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
        // Concurrently: the bucket (1 token, refilled once a second) is drawn within milliseconds,
        // however long the forwarded call then takes.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.PostAsync("/api/v1/verify", new StringContent(record, Encoding.UTF8, "application/json"))));

        string metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("dean06_gateway_requests_total{route=\"verify\",client=\"BHXH\",status=\"200\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("dean06_gateway_requests_total{route=\"verify\",client=\"BHXH\",status=\"429\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("dean06_gateway_rate_limited_total{client=\"BHXH\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("dean06_gateway_request_duration_seconds_count{route=\"verify\"} 3", metrics, StringComparison.Ordinal);
        Assert.Contains("dean06_gateway_upstream_healthy{cluster=\"verification\",destination=\"primary\"} 1", metrics, StringComparison.Ordinal);

        // The token request and the three calls reach the message log within its group-commit window.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!metrics.Contains("dean06_gateway_message_log_written_total 4\n", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
            metrics = await client.GetStringAsync("/metrics");
        }

        Assert.Contains("dean06_gateway_message_log_written_total 4\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dean06_gateway_message_log_queued 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_NotFromLoopback_403()
    {
        await using var gateway = fixture.CreateGateway();
        using HttpClient client = gateway.CreateClient();
        await GatewayFixture.ProblemAsync(await client.GetAsync("/metrics"), 403, "ACCESS_DENIED");
    }
}
