using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace DeAn06.Testing;

/// <summary>
/// Runs one of our services as a real process on 127.0.0.1 with an OS-assigned port, waits until
/// it is ready, and kills it (and its children) on dispose. Output is kept for failure messages.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Peak resident set size of the process so far (VmHWM), in MiB; 0 where /proc is absent.</summary>
    public double PeakWorkingSetMiB()
    {
        string path = $"/proc/{_process.Id}/status";
        string? line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="assemblyName"/>.dll from the test's output folder.</summary>
    /// <param name="environment">Extra environment variables (secrets such as connection strings go here, never on the command line).</param>
    public static async Task<ServiceProcess> StartAsync(string assemblyName, IEnumerable<string> arguments, string readyPath = "/health/ready", TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var service = Launch(assemblyName, ["--urls", "http://127.0.0.1:0", .. arguments], environment);
        try
        {
            await service.WaitReadyAsync(readyPath, timeout ?? TimeSpan.FromSeconds(60));
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process and returns at once (for start-up failure tests).</summary>
    public static ServiceProcess Launch(string assemblyName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        string dll = Locate(assemblyName);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>
    /// Finds a service's DLL in its project's build output in the repository (same configuration as
    /// the running tests; a ProjectReference, even with ReferenceOutputAssembly="false", builds it),
    /// else next to the tests.
    /// </summary>
    public static string Locate(string assemblyName)
    {
        // Prefer the service's own build output: it holds the service's own appsettings.json, whereas a
        // test folder receives the appsettings.json of every referenced web project, one overwriting another.
        var outputDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = outputDir.Name;
        string configuration = outputDir.Parent!.Name;
        for (DirectoryInfo? dir = outputDir; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "DeAn06.Gateway.sln")))
            {
                continue;
            }

            foreach (string area in new[] { "src", "simulators", "loadtests" })
            {
                string candidate = Path.Combine(dir.FullName, area, assemblyName, "bin", configuration, framework, assemblyName + ".dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        string local = Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, assemblyName + ".runtimeconfig.json")))
        {
            return local;
        }

        throw new FileNotFoundException($"{assemblyName}.dll was found neither in the repository's {configuration}/{framework} build output nor next to the tests; build the solution first.");
    }

    /// <summary>Waits for the process to exit by itself; false on timeout.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) =>
        _process.WaitForExitAsync(new CancellationTokenSource(timeout).Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default);

    public HttpClient CreateClient(TimeSpan? timeout = null) => new() { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Gave up waiting; the OS reaps it.
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(string readyPath, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (BaseAddress is null)
        {
            ThrowIfGone(deadline, timeout);
            Match m = ListeningRegex().Match(Output);
            if (m.Success)
            {
                BaseAddress = new Uri(m.Groups[1].Value);
                break;
            }

            await Task.Delay(50);
        }

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            ThrowIfGone(deadline, timeout);
            try
            {
                using HttpResponseMessage response = await client.GetAsync(readyPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not accepting yet.
            }
            catch (TaskCanceledException)
            {
                // One probe outlived its 5 s on a busy machine (first requests JIT-compile): the
                // deadline above decides, not a single probe's timeout.
            }

            await Task.Delay(100);
        }
    }

    private void ThrowIfGone(Stopwatch elapsed, TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The service exited with code {_process.ExitCode} before it was ready:\n{Output}");
        }

        if (elapsed.Elapsed > timeout)
        {
            throw new TimeoutException($"The service was not ready within {timeout}:\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningRegex();
}
