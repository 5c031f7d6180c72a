using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Signing;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.Testing;

namespace DeAn06.Benchmarks;

/// <summary>
/// Real-time verification called directly on the verification service and through the gateway with
/// every feature on (token, access check, rate limit, CMS request check and response signature,
/// message log, metrics), in the same run against the same processes: closed-loop throughput, and
/// latency at a fixed rate (open loop).
/// </summary>
internal static class GatewayBenchmark
{
    private const string Secret = "benchmark-gateway-secret-0123";

    public static async Task<int> RunAsync(Options o)
    {
        int seconds = o.Int("seconds", 10);
        int concurrency = o.Int("concurrency", 16);
        int rate = o.Int("rate", 1000);
        bool signatures = o.Int("signatures", 1) == 1;
        Console.WriteLine($"gateway (signatures {(signatures ? "on" : "off")}): {seconds} s per phase, closed loop with {concurrency} clients, open loop at {rate}/s, on {Machine.Describe()}");
        string dir = Path.Combine(Path.GetTempPath(), "dean06-gw-bench-" + Guid.NewGuid().ToString("N")[..8]);
        DevCertificates.Create(Path.Combine(dir, "certs"), ["BHXH"], TimeProvider.System.GetUtcNow());
        CitizenStore store = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, 200_000, new DateOnly(2024, 7, 1));

        await using ServiceProcess simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=200000", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]);
        await using ServiceProcess verification = await ServiceProcess.StartAsync("DeAn06.Verification",
            [$"--Upstream:BaseAddress={simulator.BaseAddress}", $"--Callers:GatewaySecret={Secret}", $"--Storage:SqlitePath={dir}/v.db", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]);
        await using ServiceProcess gateway = await ServiceProcess.StartAsync("DeAn06.Gateway",
        [
            $"--Gateway:UpstreamSecret={Secret}", $"--Tokens:KeysPath={dir}/keys", $"--MessageLog:SqlitePath={dir}/log.db",
            $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={verification.BaseAddress}",
            $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={simulator.BaseAddress}",
            $"--Signatures:CaCertificatePath={(signatures ? dir + "/certs/ca.pem" : "")}", $"--Signatures:GatewayCertificatePath={(signatures ? dir + "/certs/gateway.pem" : "")}", $"--Signatures:GatewayKeyPath={dir}/certs/gateway.key.pem",
            $"--Consumers:Clients:BHXH:SecretHash={SecretHasher.Hash("bhxh-bench")}", "--Consumers:Clients:BHXH:Services:0=verify",
            $"--Consumers:Clients:BHXH:CertificatePath={dir}/certs/BHXH.pem", "--Consumers:Clients:BHXH:RatePerSecond=100000", "--Consumers:Clients:BHXH:Burst=100000",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ]);

        using var direct = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = verification.BaseAddress };
        direct.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", Secret);
        direct.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        using var viaGateway = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = gateway.BaseAddress };
        using (HttpResponseMessage tokenResponse = await viaGateway.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
               { ["grant_type"] = "client_credentials", ["client_id"] = "BHXH", ["client_secret"] = "bhxh-bench" })))
        {
            string token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
            viaGateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var pem = X509Certificate2.CreateFromPemFile($"{dir}/certs/BHXH.pem", $"{dir}/certs/BHXH.key.pem");
        using X509Certificate2 signer = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var rng = new Random(3);
        var bodies = Enumerable.Range(0, 512).Select(_ =>
        {
            Citizen c = store[rng.Next(store.Count)];
            string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            byte[] body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { SoDinhDanh = c.Id.ToString("D12", CultureInfo.InvariantCulture), HoVaTen = c.FullName, NgayThangNamSinh = date, GioiTinh = c.IsMale ? "Nam" : "Nữ" }));
            var cms = new SignedCms(new ContentInfo(body), detached: true);
            cms.ComputeSignature(new CmsSigner(signer), silent: true);
            return (Body: body, Signature: Convert.ToBase64String(cms.Encode()));
        }).ToArray();

        await ClosedLoopAsync("warm-up direct", direct, bodies, 2, concurrency, report: false);
        await ClosedLoopAsync("warm-up gateway", viaGateway, bodies, 2, concurrency, report: false);
        double directRps = await ClosedLoopAsync("direct to verification", direct, bodies, seconds, concurrency, report: true);
        double gatewayRps = await ClosedLoopAsync("through the gateway (all features)", viaGateway, bodies, seconds, concurrency, report: true);
        Console.WriteLine($"\nthroughput through the gateway = {gatewayRps / directRps:P1} of direct");
        LatencyStats directLatency = await OpenLoopAsync(direct, bodies, rate, seconds);
        LatencyStats gatewayLatency = await OpenLoopAsync(viaGateway, bodies, rate, seconds);
        Console.WriteLine($"\n## open loop at {rate}/s");
        Console.WriteLine($"direct : {directLatency.Summary()}");
        Console.WriteLine($"gateway: {gatewayLatency.Summary()}");
        Console.WriteLine($"added by the gateway: p50 {gatewayLatency.Percentile(50) - directLatency.Percentile(50):0.00} ms, p99 {gatewayLatency.Percentile(99) - directLatency.Percentile(99):0.00} ms");
        return 0;
    }

    private static async Task<double> ClosedLoopAsync(string name, HttpClient client, (byte[] Body, string Signature)[] bodies, int seconds, int concurrency, bool report)
    {
        var latency = new LatencyStats();
        long ok = 0, failed = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            int i = w * 31;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                var (body, signature) = bodies[i++ % bodies.Length];
                long start = Stopwatch.GetTimestamp();
                bool good = await SendAsync(client, body, signature);
                latency.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                Interlocked.Increment(ref good ? ref ok : ref failed);
            }
        })));
        double rps = ok / watch.Elapsed.TotalSeconds;
        if (report)
        {
            Console.WriteLine($"\n## {name}: closed loop, {concurrency} clients");
            Console.WriteLine($"ok={ok:N0} failed={failed:N0}: {rps:N0} requests/s; {latency.Summary()}");
        }

        return rps;
    }

    private static async Task<LatencyStats> OpenLoopAsync(HttpClient client, (byte[] Body, string Signature)[] bodies, int rate, int seconds)
    {
        var latency = new LatencyStats();
        await OpenLoop.RunAsync(rate, seconds, async (i, due) =>
        {
            var (body, signature) = bodies[i % bodies.Length];
            await SendAsync(client, body, signature);
            latency.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds);
        });
        return latency;
    }

    private static async Task<bool> SendAsync(HttpClient client, byte[] body, string signature)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = content };
        request.Headers.Add("X-DeAn06-Signature", signature);
        using HttpResponseMessage response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.IsSuccessStatusCode;
    }
}
