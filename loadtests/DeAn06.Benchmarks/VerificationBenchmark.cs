using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.Testing;

namespace DeAn06.Benchmarks;

/// <summary>
/// The verification service against the simulator (no faults), both real processes on loopback:
/// a batch job of N records end to end (upload, check, commit), with the service's peak memory;
/// and real-time verification at a fixed request rate, latency measured from each request's
/// scheduled send time (open loop, so a stall shows up instead of slowing the sender).
/// </summary>
internal static class VerificationBenchmark
{
    private const string Secret = "benchmark-gateway-secret-0123";

    public static async Task<int> RunAsync(Options o)
    {
        int population = o.Int("population", 1_000_000);
        int records = o.Int("records", 1_000_000);
        int rate = o.Int("rate", 1000);
        int seconds = o.Int("seconds", 10);
        Console.WriteLine($"verification: population {population:N0}, batch {records:N0} records, real-time {rate}/s for {seconds} s, on {Machine.Describe()}");

        CitizenStore store = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, population, new DateOnly(2024, 7, 1));
        string dir = Path.Combine(Path.GetTempPath(), "dean06-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string csvPath = Path.Combine(dir, "bhxh.csv");
        WriteCsv(store, records, csvPath);
        Console.WriteLine($"input: {new FileInfo(csvPath).Length / 1048576.0:N0} MiB CSV");

        await using ServiceProcess simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb",
            [$"--Population:Size={population}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"], timeout: TimeSpan.FromMinutes(5));
        await using ServiceProcess service = await ServiceProcess.StartAsync("DeAn06.Verification",
            [$"--Upstream:BaseAddress={simulator.BaseAddress}", $"--Callers:GatewaySecret={Secret}", $"--Storage:SqlitePath={Path.Combine(dir, "v.db")}",
             "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", Secret);
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        client.DefaultRequestHeaders.Add("X-DeAn06-Province", "06");

        await RealtimeAsync(client, store, rate, Math.Min(seconds, 3), report: false);
        await RealtimeAsync(client, store, rate, seconds, report: true);
        await BatchAsync(client, service, csvPath, records);
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static async Task BatchAsync(HttpClient client, ServiceProcess service, string csvPath, int records)
    {
        var watch = Stopwatch.StartNew();
        using var content = new StreamContent(File.OpenRead(csvPath), 256 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", content);
        double upload = watch.Elapsed.TotalSeconds;
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(await submitted.Content.ReadAsStringAsync());
        }

        string location = submitted.Headers.Location!.ToString();
        JsonElement status;
        while (true)
        {
            status = JsonDocument.Parse(await client.GetStringAsync(location)).RootElement;
            if (status.GetProperty("status").GetString() == "Completed")
            {
                break;
            }

            await Task.Delay(200);
        }

        double total = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"\n## batch of {records:N0} records (CSV)");
        Console.WriteLine($"upload + store {upload:0.0} s, end to end {total:0.0} s: {records / total:N0} records/s end to end, {records / (total - upload):N0} records/s checking");
        Console.WriteLine($"verification service peak RSS {service.PeakWorkingSetMiB():N0} MiB");
        Console.WriteLine($"counts: {status.GetProperty("counts")}");
        var results = Stopwatch.StartNew();
        long lines = 0;
        await using (Stream stream = await client.GetStreamAsync(location + "/results"))
        using (var reader = new StreamReader(stream))
        {
            while (await reader.ReadLineAsync() is not null)
            {
                lines++;
            }
        }

        Console.WriteLine($"results streamed: {lines:N0} lines in {results.Elapsed.TotalSeconds:0.0} s; service peak RSS now {service.PeakWorkingSetMiB():N0} MiB");
    }

    private static async Task RealtimeAsync(HttpClient client, CitizenStore store, int rate, int seconds, bool report)
    {
        var rng = new Random(5);
        byte[][] bodies = Enumerable.Range(0, 2048).Select(_ =>
        {
            Citizen c = store[rng.Next(store.Count)];
            string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { SoDinhDanh = c.Id.ToString("D12", CultureInfo.InvariantCulture), HoVaTen = c.FullName, NgayThangNamSinh = date, GioiTinh = c.IsMale ? "Nam" : "Nữ" }));
        }).ToArray();
        var latency = new LatencyRecorder();
        var server = new LatencyRecorder();
        long ok = 0, failed = 0;
        long start = Stopwatch.GetTimestamp();
        await OpenLoop.RunAsync(rate, seconds, (i, due) =>
            SendAsync(client, bodies[i % bodies.Length], due, latency, server, () => Interlocked.Increment(ref ok), () => Interlocked.Increment(ref failed)));
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        if (report)
        {
            Console.WriteLine($"\n## real-time verify at {rate}/s for {seconds} s (open loop)");
            Console.WriteLine($"ok={ok:N0} failed={failed:N0}, achieved {ok / elapsed:N0} requests/s");
            Console.WriteLine($"latency from scheduled send: {latency.Summary()}");
            Console.WriteLine($"service time (Server-Timing): {server.Summary()}");
        }
    }

    private static async Task SendAsync(HttpClient client, byte[] body, long due, LatencyRecorder latency, LatencyRecorder server, Action ok, Action failed)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await client.PostAsync("/api/v1/verify", content);
        string text = await response.Content.ReadAsStringAsync();
        latency.Record(Stopwatch.GetElapsedTime(due));
        (response.IsSuccessStatusCode && !text.Contains("UPSTREAM_UNAVAILABLE", StringComparison.Ordinal) ? ok : failed)();
        if (response.Headers.TryGetValues("Server-Timing", out var v) &&
            double.TryParse(v.First().AsSpan("app;dur=".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
        {
            server.RecordMilliseconds(ms);
        }
    }

    private static void WriteCsv(CitizenStore store, int records, string path)
    {
        var rng = new Random(9);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine("MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh");
        for (int i = 0; i < records; i++)
        {
            Citizen c = store[rng.Next(store.Count)];
            string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            string name = rng.Next(10) == 0 ? VietnameseText.ToFolded(c.FullName).ToUpperInvariant() : c.FullName;
            string id = rng.Next(100) == 0 ? "" : c.Id.ToString("D12", CultureInfo.InvariantCulture);
            writer.WriteLine($"HS{i:D8},{id},{name},{date},{(c.IsMale ? "Nam" : "Nữ")}");
        }
    }
}
