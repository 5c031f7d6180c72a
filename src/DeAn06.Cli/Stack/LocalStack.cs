using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DeAn06.SectorData.Scenarios;

namespace DeAn06.Cli.Stack;

/// <summary>
/// The three services on loopback with SQLite (the embedded default): population-DB simulator,
/// verification service, gateway; plus the time-stamping authority that anchors the gateway's message
/// log; with a development CA, certificates and client secrets made up
/// on the data folder's first start and kept after (see <see cref="StackDataFolder"/>): a restart
/// continues the message log's chain, resumes jobs and keeps the clients' secrets. Secrets reach the
/// services through their environment, never their command lines (which every local user can read).
/// Disposing stops them (SIGTERM, so logs and databases close cleanly). The gateway reaches the
/// verification service and the simulator over Unix sockets in the run folder (<see cref="Sockets"/>),
/// which they listen on beside their TCP ports: the loopback TCP hop was a tenth of the gateway's CPU.
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
    private IReadOnlyList<KeyValuePair<string, string>> _runtime = [];
    private readonly StackDataFolder _folder;

    private LocalStack(StackDataFolder folder, StackInfo info)
    {
        _folder = folder;
        Info = info;
    }

    public StackInfo Info { get; }

    /// <summary>Each service's process id (for memory and CPU readings by load runs).</summary>
    public IReadOnlyList<(string Name, int ProcessId)> Processes => [.. _processes.Select(p => (p.Name, p.Process.Id))];

    /// <summary>
    /// Starts everything; <paramref name="say"/> hears each step. <paramref name="extraGatewayArguments"/>
    /// are appended to the gateway's settings (e.g. a client's rate limit for a load run);
    /// <paramref name="simulatorAdminKey"/> enables the simulator's fault-injection admin API (off when null).
    /// <paramref name="clientKeys"/> is the kind of key every client's signing certificate gets ("rsa2048" or "p256"; on the
    /// folder's first start). With <paramref name="resetting"/>, the stack's files are deleted first, each path told to it.
    /// With <paramref name="oneCommand"/> (a stack started for one demo, scenario or verify run and stopped after it), the
    /// services run without tiered compilation (<see cref="OneCommandRuntime"/>).
    /// </summary>
    public static async Task<LocalStack> StartAsync(RepoLayout repo, string dataFolder, int populationSize, int portBase, Action<string> say, CancellationToken ct,
        IReadOnlyList<string>? extraGatewayArguments = null, string? simulatorAdminKey = null, string clientKeys = DefaultClientKeys, Action<string>? resetting = null,
        bool oneCommand = false)
    {
        if (populationSize is < 1_000 or > 20_000_000)
        {
            throw new CliException($"--size must be between 1000 and 20000000 citizens (got {populationSize}).", ExitCodes.Usage);
        }

        int[] ports = [portBase, portBase + 1, portBase + 2, portBase + 3];
        LoopbackPorts.EnsureFree(ports);

        string gatewayDll = repo.Service("src", "DeAn06.Gateway");
        string verificationDll = repo.Service("src", "DeAn06.Verification");
        string simulatorDll = repo.Service("simulators", "DeAn06.PopulationDb");
        string timeStampingDll = repo.Service("simulators", "DeAn06.TimeStamping");
        StackDataFolder folder = StackDataFolder.Acquire(dataFolder);
        LocalStack stack;
        try
        {
            if (resetting is not null)
            {
                folder.Reset(resetting);
            }

            stack = new LocalStack(folder, await PrepareAsync(folder, gatewayDll, populationSize, ports, clientKeys, simulatorAdminKey, ct))
            {
                _runtime = oneCommand ? OneCommandRuntime(Environment.GetEnvironmentVariable) : [],
            };
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        StackInfo info = stack.Info;
        string run = folder.Run;
        UpstreamSockets? sockets = Sockets(run);
        if (sockets is null)
        {
            say($"the gateway's upstreams over TCP: {run} is too long a path for a Unix socket");
        }

        try
        {
            // First to start, last to stop: the gateway's final seal is stamped on shut-down.
            say($"time-stamping authority on {info.TimeStamping}");
            stack.Start("timestamping", timeStampingDll, run, info.TimeStamping!,
                [$"--TimeStamping:CertificatePath={Path.Combine(info.CertificatesFolder, "tsa.pem")}", $"--TimeStamping:KeyPath={Path.Combine(info.CertificatesFolder, "tsa.key.pem")}",
                 $"--TimeStamping:JournalPath={Path.Combine(run, "tsa", "journal.jsonl")}"], []);
            say($"population-DB simulator ({DeAn06.Contracts.Reports.VietnameseFormat.Count(populationSize)} công dân) on {info.PopulationDb}{Also(sockets?.PopulationDb)}");
            stack.Start("population-db", simulatorDll, run, info.PopulationDb,
                [$"--Population:Size={populationSize}", $"--Population:Seed={info.PopulationSeed}", $"--Population:ReferenceDate={info.ReferenceDate:yyyy-MM-dd}",
                 .. ListenArguments(sockets?.PopulationDb)],
                simulatorAdminKey is null ? [] : [new("Admin:Key", simulatorAdminKey)]);
            say($"verification service on {info.Verification}{Also(sockets?.Verification)}");
            stack.Start("verification", verificationDll, run, info.Verification,
                [$"--Upstream:BaseAddress={info.PopulationDb}", $"--Storage:SqlitePath={Path.Combine(run, "verification.db")}", .. ListenArguments(sockets?.Verification)],
                [new("Callers:GatewaySecret", info.UpstreamSecret!)]);
            say($"gateway on {info.Gateway}");
            stack.Start("gateway", gatewayDll, run, info.Gateway,
                [.. GatewayArguments(info, info.PopulationDb, info.Verification), .. SocketArguments(sockets), .. extraGatewayArguments ?? []],
                [.. GatewaySecrets(info)]);
            await Task.WhenAll(stack._processes.Select(p => stack.WaitReadyAsync(p.Name, p.Process, ct)));
            info.Save(folder.Root);
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
        // In reverse start order, each gone before the next is told: the gateway's last seal is
        // stamped by a TSA that is still up, and the gateway's last calls reach live services.
        foreach ((_, Process p) in Enumerable.Reverse(_processes))
        {
            if (!p.HasExited)
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
                term?.WaitForExit();
            }

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

        // stack.json stays: it holds the clients' secrets for the next start on this folder.
        _folder.Dispose();
    }

    /// <summary>
    /// What this start reuses from the folder's earlier starts (client and gateway secrets, certificates,
    /// population) and makes on its first: the stack's description, with this start's addresses.
    /// </summary>
    internal static async Task<StackInfo> PrepareAsync(StackDataFolder folder, string gatewayDll, int populationSize, int[] ports, string clientKeys, string? simulatorAdminKey, CancellationToken ct)
    {
        StackInfo? previous = StackInfo.Load(folder.Root);
        if (previous is not null && previous.PopulationSize != populationSize)
        {
            throw new CliException($"The stack in {folder.Root} simulates {previous.PopulationSize} citizens (its jobs and statistics were checked against them); " +
                $"start it with --size {previous.PopulationSize}, or empty with --reset.", ExitCodes.Usage);
        }

        string run = folder.PrepareRun();
        string certificates = Path.Combine(run, "certs");
        var clients = MakeClients(previous);
        if (!File.Exists(Path.Combine(certificates, "ca.key.pem")))
        {
            await RunToolAsync(gatewayDll, ["keys", "init", certificates, .. clients.Keys, "--client-keys", clientKeys], ct);
        }
        else if (clients.Keys.Concat(["gateway", "seal", "tsa"]).Select(id => Path.Combine(certificates, id + ".pem")).FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw new CliException($"The certificates in {certificates} are incomplete ({Path.GetFileName(missing)} is missing); start empty with --reset.", ExitCodes.Failed);
        }

        return new StackInfo(new Uri($"http://127.0.0.1:{ports[0]}/"), new Uri($"http://127.0.0.1:{ports[1]}/"), new Uri($"http://127.0.0.1:{ports[2]}/"),
            DeAn06.PopulationDb.Population.PopulationOptions.DefaultSeed, populationSize, new DateOnly(2024, 7, 1), certificates, Path.Combine(run, "message-log.db"),
            clients, previous?.UpstreamSecret ?? Secret("gateway"), simulatorAdminKey, new Uri($"http://127.0.0.1:{ports[3]}/"));
    }

    private static Dictionary<string, ClientInfo> MakeClients(StackInfo? previous)
    {
        var clients = new Dictionary<string, ClientInfo>(StringComparer.Ordinal);
        // A client keeps its secret across restarts; one added since the last start gets a new one.
        string SecretOf(string id) => previous?.Clients.GetValueOrDefault(id)?.Secret ?? Secret(id);
        foreach (string sector in Sectors)
        {
            clients[sector] = new ClientInfo(sector, SecretOf(sector), sector, null, ["verify", "batch"]);
        }

        // One client per provincial office the scenarios report on, so statistics carry the province.
        foreach (Scenario s in DeAn06.SectorData.Scenarios.Scenarios.All)
        {
            string id = $"{s.Sector}-{s.Province}";
            clients[id] = new ClientInfo(id, SecretOf(id), s.Sector, s.Province, ["verify", "batch"]);
        }

        clients["OPS"] = new ClientInfo("OPS", SecretOf("OPS"), "OPS", null, ["statistics", "population-db"]);
        return clients;
    }

    /// <summary>The gateway's secrets, for its environment: the upstream secret and the clients' secret hashes.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> GatewaySecrets(StackInfo info)
    {
        yield return new("Gateway:UpstreamSecret", info.UpstreamSecret!);
        foreach (ClientInfo c in info.Clients.Values)
        {
            yield return new($"Consumers:Clients:{c.Id}:SecretHash", HashSecret(c.Secret));
        }
    }

    /// <summary>
    /// The runtime settings of a stack that lives for one command: a fresh process spends about a fifth of
    /// its CPU in the JIT compiling each hot method up to three times (quick, instrumented, optimised), which a
    /// run of a few hundred thousand records never earns back; without tiered compilation each method is
    /// compiled once, optimised (docs/benchmarks.md, issue 19). A long-lived stack ('dean06 up') keeps the
    /// default, whose profile-guided code is faster once warm. A setting the caller's environment already
    /// has (any DOTNET_TieredCompilation) is left alone.
    /// </summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> OneCommandRuntime(Func<string, string?> environment) =>
        environment("DOTNET_TieredCompilation") is null ? [new("DOTNET_TieredCompilation", "0")] : [];

    /// <summary>
    /// The Unix sockets the simulator and the verification service listen on in <paramref name="run"/>
    /// (beside TCP, which health probes, the CLI and the load runner's direct calls keep using), or null
    /// when <paramref name="run"/>'s path leaves no room for a socket's (107 bytes on Linux).
    /// </summary>
    internal static UpstreamSockets? Sockets(string run)
    {
        var sockets = new UpstreamSockets(Path.Combine(run, "population-db.sock"), Path.Combine(run, "verification.sock"));
        return Encoding.UTF8.GetByteCount(sockets.PopulationDb) <= DeAn06.ServiceDefaults.Listening.UnixSocketListener.MaxPathBytes
            && Encoding.UTF8.GetByteCount(sockets.Verification) <= DeAn06.ServiceDefaults.Listening.UnixSocketListener.MaxPathBytes
            ? sockets
            : null;
    }

    /// <summary>The gateway's destinations name the sockets; their addresses stay the URL and Host header.</summary>
    internal static IEnumerable<string> SocketArguments(UpstreamSockets? sockets)
    {
        if (sockets is not null)
        {
            yield return $"--ReverseProxy:Clusters:verification:Destinations:primary:Metadata:UnixSocket={sockets.Verification}";
            yield return $"--ReverseProxy:Clusters:population-db:Destinations:primary:Metadata:UnixSocket={sockets.PopulationDb}";
        }
    }

    private static string[] ListenArguments(string? socket) => socket is null ? [] : [$"--UnixSocket={socket}"];

    private static string Also(string? socket) => socket is null ? "" : $" and {socket}";

    internal static IEnumerable<string> GatewayArguments(StackInfo info, Uri simulator, Uri verification)
    {
        string run = Path.GetDirectoryName(info.MessageLogPath)!;
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

    /// <summary>
    /// Starts one service. <paramref name="secrets"/> (configuration keys and values) go into its
    /// environment, which only this user can read (/proc/PID/environ is 0400), unlike its command line.
    /// </summary>
    private void Start(string name, string dll, string run, Uri url, string[] arguments, IReadOnlyList<KeyValuePair<string, string>>? secrets = null)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "--urls", url.ToString().TrimEnd('/'), .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // the content root, where appsettings.json is
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in secrets ?? [])
        {
            start.Environment[ConfigurationEnvironment.Name(key)] = value;
        }

        foreach (var (key, value) in _runtime)
        {
            start.Environment[key] = value;
        }

        // Appended: a restart keeps the earlier starts' logs.
        var log = new StreamWriter(Path.Combine(run, "logs", name + ".log"), append: true, new UTF8Encoding(false)) { AutoFlush = true };
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
