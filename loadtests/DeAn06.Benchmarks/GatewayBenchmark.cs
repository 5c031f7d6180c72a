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
            var cmsSigner = new CmsSigner(signer);
            cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime)); // the gateway requires signed attributes
            cms.ComputeSignature(cmsSigner, silent: true);
            return (Body: body, Signature: Convert.ToBase64String(cms.Encode()));
        }).ToArray();

        await ClosedLoopAsync(direct, bodies, 3, concurrency);
        await ClosedLoopAsync(viaGateway, bodies, 3, concurrency);

        // Direct and gateway phases alternate in short rounds, so a slow spell of the shared machine
        // hits both sides alike instead of skewing the ratio.
        int rounds = o.Int("rounds", 4);
        double slice = (double)seconds / rounds;
        var closed = new[] { new Phase(), new Phase() };
        var open = new[] { new LatencyRecorder(), new LatencyRecorder() };
        HttpClient[] clients = [direct, viaGateway];
        ServiceProcess[] services = [simulator, verification, gateway];
        var cpu = new TimeSpan[2, services.Length + 1];
        for (int r = 0; r < rounds; r++)
        {
            foreach (int side in r % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                TimeSpan[] before = CpuTimes(services);
                closed[side].Add(await ClosedLoopAsync(clients[side], bodies, slice, concurrency));
                TimeSpan[] after = CpuTimes(services);
                for (int p = 0; p < before.Length; p++)
                {
                    cpu[side, p] += after[p] - before[p];
                }
            }
        }

        for (int r = 0; r < rounds; r++)
        {
            foreach (int side in r % 2 == 0 ? new[] { 0, 1 } : [1, 0])
            {
                await OpenLoopAsync(clients[side], bodies, rate, slice, open[side]);
            }
        }

        Console.WriteLine($"\n## closed loop, {concurrency} clients, {rounds} alternating rounds of {slice:0.#} s each");
        Console.WriteLine($"direct : {closed[0].Summary()}");
        Console.WriteLine($"gateway: {closed[1].Summary()}");
        Console.WriteLine($"throughput through the gateway = {closed[1].Rps / closed[0].Rps:P1} of direct");
        Console.WriteLine("CPU time per request (µs): population DB / verification / gateway / load generator");
        for (int side = 0; side < 2; side++)
        {
            long requests = closed[side].Ok;
            Console.WriteLine($"{(side == 0 ? "direct " : "gateway")}: {string.Join(" / ", Enumerable.Range(0, services.Length + 1).Select(p => (cpu[side, p].TotalMicroseconds / requests).ToString("N0", CultureInfo.InvariantCulture)))}");
        }
        Console.WriteLine($"\n## open loop at {rate}/s, {rounds} alternating rounds of {slice:0.#} s each");
        Console.WriteLine($"direct : {open[0].Summary()}");
        Console.WriteLine($"gateway: {open[1].Summary()}");
        Console.WriteLine($"added by the gateway: p50 {open[1].Percentile(50) - open[0].Percentile(50):0.00} ms, p99 {open[1].Percentile(99) - open[0].Percentile(99):0.00} ms");
        return 0;
    }

    /// <summary>CPU time used so far by each service process, then by this process (the load generator).</summary>
    private static TimeSpan[] CpuTimes(ServiceProcess[] services) =>
        [.. services.Select(s => { using var p = Process.GetProcessById(s.ProcessId); return p.TotalProcessorTime; }), Process.GetCurrentProcess().TotalProcessorTime];

    private static async Task<Phase> ClosedLoopAsync(HttpClient client, (byte[] Body, string Signature)[] bodies, double seconds, int concurrency)
    {
        var phase = new Phase();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            int i = w * 31;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                var (body, signature) = bodies[i++ % bodies.Length];
                long start = Stopwatch.GetTimestamp();
                bool good = await SendAsync(client, body, signature);
                phase.Record(good, Stopwatch.GetElapsedTime(start));
            }
        })));
        phase.Elapsed = watch.Elapsed;
        return phase;
    }

    private static async Task OpenLoopAsync(HttpClient client, (byte[] Body, string Signature)[] bodies, int rate, double seconds, LatencyRecorder latency) =>
        await OpenLoop.RunAsync(rate, seconds, async (i, due) =>
        {
            var (body, signature) = bodies[i % bodies.Length];
            await SendAsync(client, body, signature);
            latency.Record(Stopwatch.GetElapsedTime(due));
        });

    /// <summary>Counts and latencies of closed-loop runs, summed over rounds.</summary>
    private sealed class Phase
    {
        private long _ok;
        private long _failed;

        public LatencyRecorder Latency { get; } = new();

        public TimeSpan Elapsed { get; set; }

        public double Rps => _ok / Elapsed.TotalSeconds;

        public long Ok => _ok;

        public void Record(bool ok, TimeSpan latency)
        {
            Latency.Record(latency);
            Interlocked.Increment(ref ok ? ref _ok : ref _failed);
        }

        public void Add(Phase other)
        {
            _ok += other._ok;
            _failed += other._failed;
            Elapsed += other.Elapsed;
            Latency.Add(other.Latency);
        }

        public string Summary() => $"ok={_ok:N0} failed={_failed:N0}: {Rps:N0} requests/s; {Latency.Summary()}";
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
