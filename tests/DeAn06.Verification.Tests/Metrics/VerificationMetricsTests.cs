using System.Text;
using DeAn06.Testing;
using DeAn06.Verification.Tests.Support;

namespace DeAn06.Verification.Tests.Metrics;

/// <summary>/metrics of the verification service as a real process: its own names, and the platform's.</summary>
[Collection(StackCollection.Name)]
public sealed class VerificationMetricsTests(StackFixture stack)
{
    [Fact]
    public async Task Metrics_OnLoopback_VerdictsCircuitsJobsAndHttpServerDuration()
    {
        string db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "v.db");
        await using ServiceProcess service = await ServiceProcess.StartAsync("DeAn06.Verification",
            [$"--Upstream:BaseAddress={stack.Simulator.BaseAddress}", $"--Callers:GatewaySecret={StackFixture.GatewaySecret}", $"--Storage:SqlitePath={db}"]);
        using HttpClient client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", StackFixture.GatewaySecret);
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "THUE");
        const string missingId = """{"SoDinhDanh":"","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
        for (int i = 0; i < 2; i++)
        {
            using HttpResponseMessage verified = await client.PostAsync("/api/v1/verify", new StringContent(missingId, Encoding.UTF8, "application/json"));
            Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());
        }

        string metrics = await client.GetStringAsync("/metrics");
        Assert.Equal(2, PrometheusText.Sample(metrics, "dean06_verification_realtime_verdicts_total", ("sector", "THUE"), ("verdict", "MISSING_ID")));
        Assert.Equal(0, PrometheusText.Sample(metrics, "dean06_verification_upstream_circuit_open", ("pipeline", "realtime")));
        Assert.Equal(0, PrometheusText.Sample(metrics, "dean06_verification_upstream_circuit_open", ("pipeline", "batch")));
        Assert.Equal(0, PrometheusText.Sample(metrics, "dean06_verification_batch_jobs_running"));
        // ASP.NET Core's own request duration, as OpenTelemetry names it for Prometheus.
        Assert.Contains("http_server_request_duration_seconds_count{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_NotFromLoopback_403()
    {
        await using var service = stack.CreateService();
        using HttpClient client = service.CreateClient();
        using HttpResponseMessage response = await client.GetAsync("/metrics");
        await StackFixture.ProblemAsync(response, 403, "ACCESS_DENIED");
    }
}
