using System.Globalization;
using System.Text.Json;

namespace DeAn06.LoadTests;

/// <summary>Runs wrk (closed loop, varied signed requests via load.lua) and hey (fixed rate, no coordinated omission) and reads their figures.</summary>
internal static class Drivers
{
    public static ScenarioResult Wrk(string name, Uri target, string requestsFile, int seconds, int connections, string work)
    {
        string result = Path.Combine(work, $"{Slug(name)}.wrk.json");
        string script = Path.Combine(AppContext.BaseDirectory, "load.lua");
        var (exit, output) = Tools.Run("wrk", ["-t1", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "-s", script, target.ToString(), "--", requestsFile, result],
            TimeSpan.FromSeconds(seconds + 60));
        if (exit != 0 || !File.Exists(result))
        {
            throw new InvalidOperationException($"wrk failed ({exit}): {output}");
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(result));
        JsonElement r = doc.RootElement;
        var statuses = r.GetProperty("statuses").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        long socketErrors = r.GetProperty("socketErrors").GetInt64();
        if (socketErrors > 0)
        {
            statuses["socket"] = socketErrors;
        }

        long ok = statuses.Where(s => s.Key.StartsWith('2')).Sum(s => s.Value);
        JsonElement l = r.GetProperty("latencyUs");
        double Ms(string p) => l.GetProperty(p).GetDouble() / 1000;
        return new ScenarioResult(name, "wrk", r.GetProperty("durationUs").GetDouble() / 1e6, ok, statuses.Where(s => !s.Key.StartsWith('2')).Sum(s => s.Value),
            statuses, r.GetProperty("bytes").GetInt64(), new LatencyMs(Ms("min"), Ms("mean"), Ms("p50"), Ms("p75"), Ms("p95"), Ms("p99"), Ms("max")));
    }

    /// <summary>hey at a fixed total rate: <paramref name="rate"/> requests/s spread over <paramref name="concurrency"/> workers, one signed body.</summary>
    public static ScenarioResult Hey(string name, Uri target, IReadOnlyDictionary<string, string> headers, string bodyFile, int seconds, int rate, int concurrency)
    {
        var args = new List<string> { "-z", $"{seconds}s", "-c", concurrency.ToString(CultureInfo.InvariantCulture), "-q", (rate / (double)concurrency).ToString("0.###", CultureInfo.InvariantCulture),
            "-m", "POST", "-T", "application/json", "-D", bodyFile, "-o", "csv", "-t", "10" };
        foreach (var (k, v) in headers)
        {
            args.AddRange(["-H", $"{k}: {v}"]);
        }

        args.Add(target.ToString());
        var (exit, output) = Tools.Run("hey", args, TimeSpan.FromSeconds(seconds + 60));
        if (exit != 0)
        {
            throw new InvalidOperationException($"hey failed ({exit}): {output}");
        }

        // CSV: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
        var latencies = new List<double>();
        var statuses = new Dictionary<string, long>();
        foreach (string line in output.Split('\n').Skip(1))
        {
            string[] f = line.Split(',');
            if (f.Length < 8 || !double.TryParse(f[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double s))
            {
                continue;
            }

            latencies.Add(s * 1000);
            statuses[f[6]] = statuses.GetValueOrDefault(f[6]) + 1;
        }

        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)];
        long ok = statuses.Where(x => x.Key.StartsWith('2')).Sum(x => x.Value);
        return new ScenarioResult(name, "hey", seconds, ok, statuses.Values.Sum() - ok, statuses, 0,
            new LatencyMs(P(0), latencies.Count == 0 ? 0 : latencies.Average(), P(0.5), P(0.75), P(0.95), P(0.99), P(1)), $"fixed rate {rate}/s");
    }

    private static string Slug(string name) => new([.. name.Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
}
