using System.Diagnostics;
using System.Text;

namespace DeAn06.Cli.Stack;

/// <summary>
/// Starts a program of the cluster as a child process whose output goes to a log file in the data
/// folder (appended, so a restart keeps the earlier starts' logs), and waits for it to be ready.
/// Secrets go into the environment (/proc/PID/environ is 0400), never on the command line.
/// </summary>
internal static class ServiceLauncher
{
    public static Process Start(string logPath, string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(logPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => { lock (log) { log.Dispose(); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls <paramref name="ready"/> (an HTTP health endpoint) until it answers 2xx, the process exits, or 120 s pass.</summary>
    public static async Task WaitHttpReadyAsync(string name, Process process, Uri ready, string logPath, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync(name, process, logPath, async () =>
        {
            try
            {
                using HttpResponseMessage r = await http.GetAsync(ready, ct);
                return r.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                return false;
            }
        }, ct);
    }

    /// <summary>Polls <paramref name="ready"/> every 100 ms until true, the process exits, or 120 s pass.</summary>
    public static async Task WaitAsync(string name, Process? process, string logPath, Func<Task<bool>> ready, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process is { HasExited: true })
            {
                throw new CliException($"{name} stopped during start-up (exit code {process.ExitCode}); see {logPath}.", ExitCodes.Unavailable);
            }

            if (await ready())
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new CliException($"{name} did not become ready within 120 s; see {logPath}.", ExitCodes.Unavailable);
    }

    /// <summary>SIGTERM, then up to <paramref name="grace"/> to exit, then SIGKILL.</summary>
    public static async Task StopAsync(Process p, TimeSpan grace)
    {
        if (!p.HasExited)
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true });
            term?.WaitForExit();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }
}
