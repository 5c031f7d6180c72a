using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeAn06.SectorData.Scenarios;

namespace DeAn06.Cli.Stack;

/// <summary>
/// The three services on loopback with SQLite (the embedded default): population-DB simulator,
/// verification service, gateway; plus the time-stamping authority that anchors the gateway's message
/// log; with a development CA, certificates and client secrets made up for this run. Disposing stops them (SIGTERM, so logs and databases close cleanly).
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    /// <summary>
    /// Clients sign with RSA-2048 keys by default, the kind organisation signing certificates usually
    /// carry; the gateway checks an RSA signature about 4× faster than a P-256 one (docs/benchmarks.md).
    /// </summary>
    public const string DefaultClientKeys = "rsa2048";

    private static readonly string[] Sectors = ["BHXH", "THUE", "DATDAI", "GIAODUC", "YTE", "BHYT"];
    private readonly List<(string Name, Process Process)> _processes = [];
    private readonly string _dataFolder;

    private LocalStack(string dataFolder, StackInfo info)
    {
        _dataFolder = dataFolder;
        Info = info;
    }

    public StackInfo Info { get; }

    /// <summary>Each service's process id (for memory and CPU readings by load runs).</summary>
    public IReadOnlyList<(string Name, int ProcessId)> Processes => [.. _processes.Select(p => (p.Name, p.Process.Id))];

    /// <summary>
    /// Starts everything; <paramref name="say"/> hears each step. <paramref name="extraGatewayArguments"/>
    /// are appended to the gateway's settings (e.g. a client's rate limit for a load run);
    /// <paramref name="simulatorAdminKey"/> enables the simulator's fault-injection admin API (off when null).
    /// <paramref name="clientKeys"/> is the kind of key every client's signing certificate gets ("rsa2048" or "p256").
    /// </summary>
    public static async Task<LocalStack> StartAsync(RepoLayout repo, string dataFolder, int populationSize, int portBase, Action<string> say, CancellationToken ct,
        IReadOnlyList<string>? extraGatewayArguments = null, string? simulatorAdminKey = null, string clientKeys = DefaultClientKeys)
    {
        if (populationSize is < 1_000 or > 20_000_000)
        {
            throw new CliException($"--size must be between 1000 and 20000000 citizens (got {populationSize}).", ExitCodes.Usage);
        }

        int[] ports = [portBase, portBase + 1, portBase + 2, portBase + 3];
        foreach (int port in ports.Where(p => !LoopbackPorts.IsFree(p)))
        {
            throw new CliException($"Port {port} on 127.0.0.1 is in use (another 'dean06 up'?); stop it or pick other ports with --port-base.", ExitCodes.Unavailable);
        }

        string gatewayDll = repo.Service("src", "DeAn06.Gateway");
        string verificationDll = repo.Service("src", "DeAn06.Verification");
        string simulatorDll = repo.Service("simulators", "DeAn06.PopulationDb");
        string timeStampingDll = repo.Service("simulators", "DeAn06.TimeStamping");
        Directory.CreateDirectory(dataFolder);
        string run = Path.Combine(dataFolder, "run");
        if (Directory.Exists(run))
        {
            Directory.Delete(run, recursive: true); // each stack starts with empty databases
        }

        Directory.CreateDirectory(Path.Combine(run, "logs"));
        string certificates = Path.Combine(run, "certs");
        var clients = MakeClients();
        await RunToolAsync(gatewayDll, ["keys", "init", certificates, .. clients.Keys, "--client-keys", clientKeys], ct);

        var gateway = new Uri($"http://127.0.0.1:{ports[0]}/");
        var simulator = new Uri($"http://127.0.0.1:{ports[1]}/");
        var verification = new Uri($"http://127.0.0.1:{ports[2]}/");
        var timeStamping = new Uri($"http://127.0.0.1:{ports[3]}/");
        string upstreamSecret = Secret("gateway");
        var info = new StackInfo(gateway, simulator, verification, DeAn06.PopulationDb.Population.PopulationOptions.DefaultSeed, populationSize,
            new DateOnly(2024, 7, 1), certificates, Path.Combine(run, "message-log.db"), clients, upstreamSecret, simulatorAdminKey, timeStamping);
        var stack = new LocalStack(dataFolder, info);
        try
        {
            // First to start, last to stop: the gateway's final seal is stamped on shut-down.
            say($"time-stamping authority on {timeStamping}");
            stack.Start("timestamping", timeStampingDll, run, timeStamping,
                [$"--TimeStamping:CertificatePath={Path.Combine(certificates, "tsa.pem")}", $"--TimeStamping:KeyPath={Path.Combine(certificates, "tsa.key.pem")}",
                 $"--TimeStamping:JournalPath={Path.Combine(run, "tsa", "journal.jsonl")}"]);
            say($"population-DB simulator ({populationSize:N0} citizens) on {simulator}");
            stack.Start("population-db", simulatorDll, run, simulator,
                [$"--Population:Size={populationSize}", $"--Population:Seed={info.PopulationSeed}", $"--Population:ReferenceDate={info.ReferenceDate:yyyy-MM-dd}",
                 .. simulatorAdminKey is null ? Array.Empty<string>() : [$"--Admin:Key={simulatorAdminKey}"]]);
            say($"verification service on {verification}");
            stack.Start("verification", verificationDll, run, verification,
                [$"--Upstream:BaseAddress={simulator}", $"--Callers:GatewaySecret={upstreamSecret}", $"--Storage:SqlitePath={Path.Combine(run, "verification.db")}"]);
            say($"gateway on {gateway}");
            stack.Start("gateway", gatewayDll, run, gateway, [.. GatewayArguments(info, upstreamSecret, simulator, verification), .. extraGatewayArguments ?? []]);
            await Task.WhenAll(stack._processes.Select(p => stack.WaitReadyAsync(p.Name, p.Process, ct)));
            info.Save(dataFolder);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach ((_, Process p) in Enumerable.Reverse(_processes))
        {
            if (!p.HasExited)
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                term?.WaitForExit();
            }
        }

        foreach ((_, Process p) in _processes)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await p.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
            }

            p.Dispose();
        }

        string stackFile = Path.Combine(_dataFolder, StackInfo.FileName);
        if (File.Exists(stackFile) && StackInfo.Load(_dataFolder)?.Gateway == Info.Gateway)
        {
            File.Delete(stackFile);
        }
    }

    private static Dictionary<string, ClientInfo> MakeClients()
    {
        var clients = new Dictionary<string, ClientInfo>(StringComparer.Ordinal);
        foreach (string sector in Sectors)
        {
            clients[sector] = new ClientInfo(sector, Secret(sector), sector, null, ["verify", "batch"]);
        }

        // One client per provincial office the scenarios report on, so statistics carry the province.
        foreach (Scenario s in DeAn06.SectorData.Scenarios.Scenarios.All)
        {
            string id = $"{s.Sector}-{s.Province}";
            clients[id] = new ClientInfo(id, Secret(id), s.Sector, s.Province, ["verify", "batch"]);
        }

        clients["OPS"] = new ClientInfo("OPS", Secret("OPS"), "OPS", null, ["statistics", "population-db"]);
        return clients;
    }

    private static IEnumerable<string> GatewayArguments(StackInfo info, string upstreamSecret, Uri simulator, Uri verification)
    {
        string run = Path.GetDirectoryName(info.MessageLogPath)!;
        yield return $"--Gateway:UpstreamSecret={upstreamSecret}";
        yield return $"--Tokens:KeysPath={Path.Combine(run, "token-keys")}";
        yield return $"--MessageLog:SqlitePath={info.MessageLogPath}";
        yield return "--MessageLog:SealInterval=00:00:05";
        yield return $"--MessageLog:SealCertificatePath={Path.Combine(info.CertificatesFolder, "seal.pem")}";
        yield return $"--MessageLog:SealKeyPath={Path.Combine(info.CertificatesFolder, "seal.key.pem")}";
        if (info.TimeStamping is { } tsa)
        {
            yield return $"--MessageLog:TimeStampUrl={new Uri(tsa, "timestamp")}";
        }

        yield return $"--Signatures:CaCertificatePath={Path.Combine(info.CertificatesFolder, "ca.pem")}";
        yield return $"--Signatures:GatewayCertificatePath={Path.Combine(info.CertificatesFolder, "gateway.pem")}";
        yield return $"--Signatures:GatewayKeyPath={Path.Combine(info.CertificatesFolder, "gateway.key.pem")}";
        yield return $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={verification}";
        yield return $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={simulator}";
        foreach (ClientInfo c in info.Clients.Values)
        {
            string p = $"--Consumers:Clients:{c.Id}:";
            yield return $"{p}SecretHash={HashSecret(c.Secret)}";
            yield return $"{p}CertificatePath={Path.Combine(info.CertificatesFolder, c.Id + ".pem")}";
            yield return $"{p}RatePerSecond=100000";
            yield return $"{p}Burst=100000";
            yield return $"{p}BatchQuota=10000";
            if (c.Sector != "OPS")
            {
                yield return $"{p}Sector={c.Sector}";
            }

            if (c.Province is { } province)
            {
                yield return $"{p}Province={province}";
            }

            for (int i = 0; i < c.Services.Count; i++)
            {
                yield return $"{p}Services:{i}={c.Services[i]}";
            }
        }
    }

    private void Start(string name, string dll, string run, Uri url, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--urls", url.ToString().TrimEnd('/'), .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // the content root, where appsettings.json is
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var log = new StreamWriter(Path.Combine(run, "logs", name + ".log"), append: false, new UTF8Encoding(false)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => { lock (log) { log.Dispose(); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((name, process));
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

    private async Task WaitReadyAsync(string name, Process process, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        Uri ready = new(Info.ServiceAddress(name), "health/ready");
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                throw new CliException($"{name} stopped during start-up (exit code {process.ExitCode}); see {Path.Combine(Path.GetDirectoryName(Info.MessageLogPath)!, "logs", name + ".log")}.", ExitCodes.Unavailable);
            }

            try
            {
                using HttpResponseMessage r = await http.GetAsync(ready, ct);
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(100, ct);
        }

        throw new CliException($"{name} did not become ready within 120 s.", ExitCodes.Unavailable);
    }

    private static async Task RunToolAsync(string dll, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process p = Process.Start(start)!;
        string error = await p.StandardError.ReadToEndAsync(ct);
        await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            throw new CliException($"{Path.GetFileName(dll)} {string.Join(' ', arguments.Take(2))} failed: {error.Trim()}", ExitCodes.Failed);
        }
    }

    private static string Secret(string who) => $"{who.ToLowerInvariant()}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";

    /// <summary>The gateway's stored form: "pbkdf2-sha256$iterations$salt$hash".</summary>
    internal static string HashSecret(string secret)
    {
        const int iterations = 100_000;
        byte[] salt = RandomNumberGenerator.GetBytes(16);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
