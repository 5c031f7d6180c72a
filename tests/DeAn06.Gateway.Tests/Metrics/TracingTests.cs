using System.Net.Http.Headers;
using System.Text;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;

namespace DeAn06.Gateway.Tests.Metrics;

/// <summary>
/// The three services as real processes, each exporting its traces over OTLP/HTTP to a receiver in
/// the test: a sector system's W3C trace context reaches the gateway, the verification service and
/// the population DB, and batch work is traced per chunk.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TracingTests
{
    private const string CallerSpan = "00f067aa0ba902b7";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Verify_CallerSendsTraceparent_GatewayVerificationAndPopulationDbShareItsTraceId()
    {
        await using OtlpReceiver otlp = await OtlpReceiver.StartAsync();
        string traceId = NewTraceId();
        await VerifyThroughGatewayAsync(otlp, traceId, gatewayTraced: true);

        // Each service's server span carries the caller's trace id, and each is the child of the hop before it.
        OtlpSpan? atGateway = await otlp.WaitForAsync("gateway", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline);
        OtlpSpan? atVerification = await otlp.WaitForAsync("verification", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline);
        OtlpSpan? atPopulationDb = await otlp.WaitForAsync("population-db", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline);
        Assert.NotNull(atGateway);
        Assert.NotNull(atVerification);
        Assert.NotNull(atPopulationDb);
        Assert.Equal(CallerSpan, atGateway.ParentSpanId);
        Assert.Contains(otlp.SpansOf("gateway"), s => s.TraceId == traceId && s.SpanId == atVerification.ParentSpanId);
        Assert.Contains(otlp.SpansOf("verification"), s => s.TraceId == traceId && s.SpanId == atPopulationDb.ParentSpanId);
    }

    [Fact]
    public async Task Verify_GatewayNotTraced_CallerTraceparentForwardedUnchanged()
    {
        await using OtlpReceiver otlp = await OtlpReceiver.StartAsync();
        string traceId = NewTraceId();
        await VerifyThroughGatewayAsync(otlp, traceId, gatewayTraced: false);

        // The gateway records nothing (no endpoint given to it), and its header rules leave traceparent
        // alone: the verification service continues the caller's own span.
        OtlpSpan? atVerification = await otlp.WaitForAsync("verification", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline);
        Assert.NotNull(atVerification);
        Assert.Equal(CallerSpan, atVerification.ParentSpanId);
        Assert.NotNull(await otlp.WaitForAsync("population-db", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline));
    }

    [Fact]
    public async Task BatchJob_SubmittedWithTraceparent_EachChunkItsOwnTraceLinkedToTheSubmission()
    {
        await using OtlpReceiver otlp = await OtlpReceiver.StartAsync();
        await using ServiceProcess populationDb = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=2000", "--Population:Seed=7", .. otlp.ArgumentsFor("population-db")]);
        await using ServiceProcess verification = await StartVerificationAsync(otlp, populationDb, "--Batch:ChunkSize=100");
        using HttpClient client = verification.CreateClient();
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        client.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", GatewayFixture.UpstreamSecret);
        string submission = NewTraceId();
        var ndjson = new StringBuilder();
        for (int i = 0; i < 150; i++)
        {
            ndjson.AppendLine("""{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson") };
        request.Headers.Add("traceparent", $"00-{submission}-{CallerSpan}-01");
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        // 150 records in chunks of 100: two chunk traces, neither the submission's, both linked to it.
        string location = response.Headers.Location!.ToString();
        for (var watch = System.Diagnostics.Stopwatch.StartNew(); !(await client.GetStringAsync(location)).Contains("\"Completed\"", StringComparison.Ordinal); await Task.Delay(100))
        {
            Assert.True(watch.Elapsed < Deadline, "the job did not complete in time");
        }

        Assert.NotNull(await otlp.WaitForAsync("verification", _ => otlp.SpansOf("verification").Count(IsChunk) >= 2, Deadline));
        List<OtlpSpan> chunks = otlp.SpansOf("verification").Where(IsChunk).ToList();
        Assert.Equal(2, chunks.Count);
        Assert.All(chunks, c => Assert.Equal([submission], c.LinkedTraceIds));
        Assert.All(chunks, c => Assert.NotEqual(submission, c.TraceId));
        Assert.All(chunks, c => Assert.Equal("", c.ParentSpanId));
        Assert.NotEqual(chunks[0].TraceId, chunks[1].TraceId);
        foreach (OtlpSpan chunk in chunks)
        {
            Assert.NotNull(await otlp.WaitForAsync("population-db", s => s.TraceId == chunk.TraceId && s.Kind == OtlpSpan.Server, Deadline));
        }
    }

    private static bool IsChunk(OtlpSpan s) => s.Name == "batch chunk";

    private static string NewTraceId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    /// <summary>The three services (the gateway exporting its traces or not), and one verification through the gateway with <paramref name="traceId"/>.</summary>
    private static async Task VerifyThroughGatewayAsync(OtlpReceiver otlp, string traceId, bool gatewayTraced)
    {
        await using ServiceProcess populationDb = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=2000", "--Population:Seed=7", .. otlp.ArgumentsFor("population-db")]);
        await using ServiceProcess verification = await StartVerificationAsync(otlp, populationDb);
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        await using ServiceProcess gateway = await ServiceProcess.StartAsync("DeAn06.Gateway",
        [
            $"--Gateway:UpstreamSecret={GatewayFixture.UpstreamSecret}", $"--Tokens:KeysPath={dir}/keys", $"--MessageLog:SqlitePath={dir}/log.db",
            $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={verification.BaseAddress}",
            $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={populationDb.BaseAddress}",
            $"--Consumers:Clients:BHXH:SecretHash={SecretHasher.Hash("bhxh-secret", 1_000)}", "--Consumers:Clients:BHXH:Services:0=verify",
            .. gatewayTraced ? otlp.ArgumentsFor("gateway") : [],
        ]);
        using HttpClient client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayFixture.TokenAsync(client, "BHXH"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify")
        {
            Content = new StringContent("""{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{CallerSpan}-01");
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        // The spans are exported every 100 ms; the processes stay up until the calls' spans are out.
        Assert.NotNull(await otlp.WaitForAsync("population-db", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline));
        Assert.NotNull(await otlp.WaitForAsync("verification", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline));
        if (gatewayTraced)
        {
            Assert.NotNull(await otlp.WaitForAsync("gateway", s => s.TraceId == traceId && s.Kind == OtlpSpan.Server, Deadline));
        }
    }

    private static async Task<ServiceProcess> StartVerificationAsync(OtlpReceiver otlp, ServiceProcess populationDb, params string[] extra)
    {
        string db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "v.db");
        return await ServiceProcess.StartAsync("DeAn06.Verification",
        [
            $"--Upstream:BaseAddress={populationDb.BaseAddress}", $"--Callers:GatewaySecret={GatewayFixture.UpstreamSecret}", $"--Storage:SqlitePath={db}",
            .. extra, .. otlp.ArgumentsFor("verification"),
        ]);
    }
}
