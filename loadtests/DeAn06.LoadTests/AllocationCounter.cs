using System.Diagnostics;
using System.Globalization;

namespace DeAn06.LoadTests;

/// <summary>
/// Bytes a process allocates while a run goes on, read with dotnet-counters from the runtime's own
/// <c>dotnet.gc.heap.total_allocated</c> counter (the sum of its per-second increments over a session
/// that starts before the run and ends after it). Unlike CPU time this does not depend on how busy the
/// machine is, so it compares two builds on a shared machine; a few tens of KB a second of idle
/// allocation (timers, the counter session itself) are counted too, a rounding error next to a run.
/// Works on any .NET 9+ process, so it measures another build (--baseline-gateway) the same way.
/// </summary>
internal sealed class AllocationCounter : IDisposable
{
    private readonly Process _collector;
    private readonly string _file;

    private AllocationCounter(Process collector, string file) => (_collector, _file) = (collector, file);

    /// <summary>dotnet-counters from --dotnet-counters, the PATH or ~/.dotnet/tools; null when it is not installed.</summary>
    public static string? FindTool(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? given : null;
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(home, ".dotnet", "tools"))
            .Select(dir => Path.Combine(dir, "dotnet-counters"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Starts a counter session on <paramref name="pid"/> lasting <paramref name="lead"/> + <paramref name="run"/> + a few
    /// seconds, and returns after <paramref name="lead"/>, when the run may start. (dotnet-counters writes its file only at
    /// the end of a session, so the session is sized to the run rather than stopped after it.)
    /// </summary>
    public static async Task<AllocationCounter> StartAsync(string tool, int pid, string file, TimeSpan lead, TimeSpan run)
    {
        File.Delete(file);
        var session = lead + run + TimeSpan.FromSeconds(4);
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime[dotnet.gc.heap.total_allocated]",
            "--refresh-interval", "1", "--format", "csv", "-o", file, "--duration", session.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(a);
        }

        Process collector = Process.Start(start)!;
        collector.OutputDataReceived += (_, _) => { };
        collector.ErrorDataReceived += (_, _) => { };
        collector.BeginOutputReadLine();
        collector.BeginErrorReadLine();
        await Task.Delay(lead);
        return new AllocationCounter(collector, file);
    }

    /// <summary>
    /// Waits for the session's end and returns the bytes allocated during it; null when the session did
    /// not cover the whole run (its first and last seconds must be idle: under 5 % of the busiest second),
    /// as when dotnet-counters took longer than the lead to attach to a busy process.
    /// </summary>
    public async Task<long?> StopAsync()
    {
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await _collector.WaitForExitAsync(deadline.Token);
        }

        List<long> samples = Samples();
        return samples.Count < 3 || samples[0] > samples.Max() / 20 || samples[^1] > samples.Max() / 20 ? null : samples.Sum();
    }

    // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment: one line a second, the bytes allocated in that second.
    private List<long> Samples()
    {
        if (!File.Exists(_file))
        {
            return [];
        }

        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var samples = new List<long>();
        while (reader.ReadLine() is { } line)
        {
            string[] fields = line.Split(',');
            if (fields.Length >= 5 && fields[2].StartsWith("dotnet.gc.heap.total_allocated", StringComparison.Ordinal)
                && double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double bytes))
            {
                samples.Add((long)bytes);
            }
        }

        return samples;
    }

    public void Dispose()
    {
        if (!_collector.HasExited)
        {
            _collector.Kill();
        }

        _collector.Dispose();
    }
}
