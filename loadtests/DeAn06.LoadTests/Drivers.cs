using System.Globalization;
using System.Text.Json;

namespace DeAn06.LoadTests;

/// <summary>Runs wrk (closed loop, varied signed requests via load.lua) and reads its figures (fixed rates: <see cref="OpenLoop"/>).</summary>
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

    private static string Slug(string name) => new([.. name.Select(c => char.IsLetterOrDigit(c) ? c : '-')]);
}
