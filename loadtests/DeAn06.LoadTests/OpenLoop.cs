using System.Diagnostics;
using System.Net.Http.Headers;
using DeAn06.Benchmarks;
using FixedRate = DeAn06.Benchmarks.OpenLoop;

namespace DeAn06.LoadTests;

/// <summary>
/// A fixed rate that does not wait for answers (open loop): each request is sent at its scheduled time
/// and its latency counts from that time, so a stall shows as latency instead of quietly lowering the
/// rate (no coordinated omission). What bombardier's fixed-rate mode would give; hey caps each worker
/// and waits for each answer, so it cannot.
/// </summary>
internal static class OpenLoop
{
    public static async Task<ScenarioResult> RunAsync(string name, Uri target, IReadOnlyList<(byte[] Body, IReadOnlyDictionary<string, string> Headers)> requests, int rate, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        int total = rate * seconds;
        var latency = new LatencyRecorder();
        var statuses = new string[total];
        long bytes = 0;
        long start = Stopwatch.GetTimestamp();
        await FixedRate.RunAsync(rate, seconds, async (i, due) =>
        {
            var (body, headers) = requests[i % requests.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (k, v) in headers)
            {
                request.Headers.TryAddWithoutValidation(k, v);
            }

            try
            {
                using HttpResponseMessage response = await http.SendAsync(request);
                byte[] answer = await response.Content.ReadAsByteArrayAsync();
                Interlocked.Add(ref bytes, answer.Length);
                statuses[i] = (int)response.StatusCode == 200 && answer.AsSpan().IndexOf("UPSTREAM_UNAVAILABLE"u8) >= 0
                    ? "UPSTREAM_UNAVAILABLE"
                    : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                statuses[i] = "socket";
            }

            latency.Record(Stopwatch.GetElapsedTime(due));
        });

        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var counts = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => (long)g.Count());
        long ok = counts.Where(c => c.Key.StartsWith('2')).Sum(c => c.Value);
        return new ScenarioResult(name, "open loop", elapsed, ok, total - ok, counts, bytes,
            LatencyMs.From(latency), $"fixed rate {rate}/s, latency from the scheduled send time");
    }
}
