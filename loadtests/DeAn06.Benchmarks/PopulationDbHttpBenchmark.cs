using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.Testing;

namespace DeAn06.Benchmarks;

/// <summary>
/// Single and bulk look-ups against the real simulator process over loopback. Server-side time comes
/// from each response's Server-Timing header (request start to first response byte); client latency
/// and throughput are measured here, on the same 2 cores as the server.
/// </summary>
internal static class PopulationDbHttpBenchmark
{
    public static async Task<int> RunAsync(Options o)
    {
        int size = o.Int("size", PopulationOptions.DefaultSize);
        int seconds = o.Int("seconds", 10);
        int concurrency = o.Int("concurrency", 4);
        Console.WriteLine($"popdb: size={size:N0}, {seconds} s per phase, {concurrency} concurrent clients, on {Machine.Describe()}");

        CitizenStore store = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, size, new DateOnly(2024, 7, 1));
        await using ServiceProcess simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb",
            [$"--Population:Size={size}", $"--Population:Seed={PopulationOptions.DefaultSeed}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"],
            timeout: TimeSpan.FromMinutes(5));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = simulator.BaseAddress };

        var rng = new Random(1);
        byte[][] singles = Enumerable.Range(0, 4096).Select(_ =>
        {
            long id = rng.Next(10) == 0 ? 96_199_000_000L + rng.Next(1_000_000) : store[rng.Next(store.Count)].Id;
            return Encoding.UTF8.GetBytes($$"""{"SoDinhDanh":"{{id:D12}}"}""");
        }).ToArray();
        byte[][] bulks = Enumerable.Range(0, 64).Select(_ =>
            Encoding.UTF8.GetBytes("{\"SoDinhDanh\":[" + string.Join(',', Enumerable.Range(0, 1000).Select(_ => $"\"{store[rng.Next(store.Count)].Id:D12}\"")) + "]}")).ToArray();

        await PhaseAsync(client, "warm-up", "/api/v1/TraCuuThongTinCongDan", singles, 1, Math.Min(seconds, 3), concurrency);
        await PhaseAsync(client, "warm-up bulk", "/api/v1/TraCuuThongTinCongDan/bulk", bulks, 1000, Math.Min(seconds, 3), concurrency);
        await PhaseAsync(client, "single look-up", "/api/v1/TraCuuThongTinCongDan", singles, 1, seconds, concurrency);
        await PhaseAsync(client, "bulk look-up (1,000 IDs/request)", "/api/v1/TraCuuThongTinCongDan/bulk", bulks, 1000, seconds, concurrency);
        return 0;
    }

    private static async Task PhaseAsync(HttpClient client, string name, string path, byte[][] bodies, int idsPerRequest, int seconds, int concurrency)
    {
        var clientLatency = new LatencyRecorder();
        var serverTime = new LatencyRecorder();
        long ok = 0, failed = 0;
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            int next = w * 997;
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                var content = new ByteArrayContent(bodies[next++ % bodies.Length]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await client.PostAsync(path, content);
                await response.Content.LoadIntoBufferAsync();
                clientLatency.Record(Stopwatch.GetElapsedTime(start));
                if ((int)response.StatusCode is 200 or 404)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }

                if (response.Headers.TryGetValues("Server-Timing", out var values) &&
                    double.TryParse(values.First().AsSpan("app;dur=".Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
                {
                    serverTime.RecordMilliseconds(ms);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        double elapsed = deadline.Elapsed.TotalSeconds;
        if (name.StartsWith("warm-up", StringComparison.Ordinal))
        {
            return;
        }

        Console.WriteLine($"\n## {name}");
        Console.WriteLine($"ok={ok:N0} failed={failed:N0} in {elapsed:0.0} s: {ok / elapsed:N0} requests/s, {ok * idsPerRequest / elapsed:N0} IDs/s (wall clock, client on the same cores)");
        Console.WriteLine($"client latency: {clientLatency.Summary()}");
        Console.WriteLine($"server time   : {serverTime.Summary()}");
        if (idsPerRequest > 1)
        {
            Console.WriteLine($"server-side rate: {idsPerRequest / serverTime.Percentile(50) * 1000:N0} IDs/s per request stream at p50 server time");
        }
    }
}
