using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace DeAn06.Cli.Stack;

/// <summary>
/// <c>dean06 up --cluster</c>: the services as several processes on the existing engines, all on
/// loopback, in the data folder: PostgreSQL (the verification services' shared store), Redis (the
/// gateways' shared rate-limit buckets) and HAProxy (one address in front of the gateways, health
/// checked); N verification services on that PostgreSQL, N gateways that balance over them (YARP's
/// cluster with active and passive health checks) and share one token-signing key folder, and the
/// simulator and time-stamping authority as in <see cref="LocalStack"/>. Each gateway keeps its own
/// chain of the message log in PostgreSQL (node gateway-N, the name HAProxy gives it too), and the batch
/// quota is counted there for all gateways at once. Secrets travel in environments and 0600 files, never on command lines.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ClusterStack : IAsyncDisposable
{
    private readonly List<(string Name, Process Process)> _processes = [];
    private readonly StackDataFolder _folder;
    private PostgreSqlProcess? _postgres;

    private ClusterStack(StackDataFolder folder, StackInfo info, ClusterOptions options)
    {
        _folder = folder;
        Info = info;
        Options = options;
    }

    /// <summary>The stack as other dean06 commands see it: <see cref="StackInfo.Gateway"/> is HAProxy's address.</summary>
    public StackInfo Info { get; private set; }

    public ClusterOptions Options { get; }

    /// <summary>Each gateway's own address (behind HAProxy), in order.</summary>
    public IReadOnlyList<Uri> Gateways { get; private set; } = [];

    /// <summary>Each verification service's address, in order.</summary>
    public IReadOnlyList<Uri> Verifiers { get; private set; } = [];

    public HaProxy? Proxy { get; private set; }

    public RedisServer? Redis { get; private set; }

    /// <summary>The connection string the gateways use for Redis (ours or the configured one).</summary>
    public string RedisConnectionString { get; private set; } = "";

    /// <summary>The connection string the verification services use (ours or the configured one).</summary>
    public string PostgreSqlConnectionString { get; private set; } = "";

    /// <summary>The connection string of the gateways' message log and batch quota (ConnectionStrings__MessageLog, else the verification services' database).</summary>
    public string MessageLogConnectionString { get; private set; } = "";

    /// <summary>Each process's name and id ("gateway-1", "verification-2", "redis", …).</summary>
    public IReadOnlyList<(string Name, int ProcessId)> Processes => [.. _processes.Select(p => (p.Name, p.Process.Id))];

    /// <summary>A gateway's node id in the shared message log: the name HAProxy gives it (X-DeAn06-Node) too.</summary>
    public static string NodeId(int gateway) => $"gateway-{gateway}";

    /// <summary>
    /// Starts the cluster on <paramref name="portBase"/> (HAProxy's front) and the ports after it:
    /// simulator, time-stamping authority, HAProxy's stats, PostgreSQL, Redis, the verification services, the gateways.
    /// </summary>
    public static async Task<ClusterStack> StartAsync(RepoLayout repo, string dataFolder, int populationSize, int portBase, ClusterOptions options, Action<string> say,
        CancellationToken ct, IReadOnlyList<string>? extraGatewayArguments = null, string clientKeys = LocalStack.DefaultClientKeys, Action<string>? resetting = null)
    {
        options = options.Validated();
        if (populationSize is < 1_000 or > 20_000_000)
        {
            throw new CliException($"--size must be between 1000 and 20000000 citizens (got {populationSize}).", ExitCodes.Usage);
        }

        int count = 6 + options.Verifiers + options.Gateways;
        if (portBase + count > 65535)
        {
            throw new CliException($"--port-base {portBase} leaves too few ports for {count} services.", ExitCodes.Usage);
        }

        LoopbackPorts.EnsureFree(Enumerable.Range(portBase, count));

        string gatewayDll = repo.Service("src", "DeAn06.Gateway");
        string verificationDll = repo.Service("src", "DeAn06.Verification");
        string simulatorDll = repo.Service("simulators", "DeAn06.PopulationDb");
        string timeStampingDll = repo.Service("simulators", "DeAn06.TimeStamping");
        StackDataFolder folder = StackDataFolder.Acquire(dataFolder);
        ClusterStack stack;
        try
        {
            if (resetting is not null)
            {
                folder.Reset(resetting);
            }

            // LocalStack's ports: gateway (here HAProxy), simulator, verification (here the first), time-stamping.
            int[] ports = [portBase, portBase + 1, portBase + 6, portBase + 2];
            StackInfo info = await LocalStack.PrepareAsync(folder, gatewayDll, populationSize, ports, clientKeys, null, ct);
            stack = new ClusterStack(folder, info, options);
        }
        catch
        {
            folder.Dispose();
            throw;
        }

        try
        {
            await stack.StartAllAsync(folder, portBase, gatewayDll, verificationDll, simulatorDll, timeStampingDll, extraGatewayArguments ?? [], say, ct);
            stack.Info.Save(folder.Root);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(StackDataFolder folder, int portBase, string gatewayDll, string verificationDll, string simulatorDll, string timeStampingDll,
        IReadOnlyList<string> extraGatewayArguments, Action<string> say, CancellationToken ct)
    {
        string run = folder.Run;
        ClusterSecrets secrets = ClusterSecrets.LoadOrCreate(run);
        if (Options.PostgreSqlConnectionString is { } existingPostgres)
        {
            say("PostgreSQL: the one ConnectionStrings__Verification names");
            PostgreSqlConnectionString = existingPostgres;
        }
        else
        {
            say($"PostgreSQL on 127.0.0.1:{portBase + 4}");
            _postgres = await PostgreSqlProcess.StartAsync(Path.Combine(folder.Root, "postgresql"), portBase + 4, secrets.PostgreSqlPassword, ct);
            PostgreSqlConnectionString = _postgres.ConnectionString;
        }

        if (Options.RedisConnectionString is { } existingRedis)
        {
            say("Redis: the one ConnectionStrings__Redis names");
            RedisConnectionString = existingRedis;
        }
        else
        {
            say($"Redis on 127.0.0.1:{portBase + 5}");
            Redis = await RedisServer.StartAsync(Path.Combine(run, "redis"), portBase + 5, secrets.RedisPassword, ct);
            _processes.Add(("redis", Redis.Process));
            RedisConnectionString = Redis.ConnectionString;
        }

        say($"time-stamping authority on {Info.TimeStamping}");
        Start("timestamping", timeStampingDll, Info.TimeStamping!,
            [$"--TimeStamping:CertificatePath={Path.Combine(Info.CertificatesFolder, "tsa.pem")}", $"--TimeStamping:KeyPath={Path.Combine(Info.CertificatesFolder, "tsa.key.pem")}",
             $"--TimeStamping:JournalPath={Path.Combine(run, "tsa", "journal.jsonl")}"], []);
        say($"population-DB simulator ({Info.PopulationSize:N0} citizens) on {Info.PopulationDb}");
        Start("population-db", simulatorDll, Info.PopulationDb,
            [$"--Population:Size={Info.PopulationSize}", $"--Population:Seed={Info.PopulationSeed}", $"--Population:ReferenceDate={Info.ReferenceDate:yyyy-MM-dd}"], []);

        Verifiers = [.. Enumerable.Range(0, Options.Verifiers).Select(i => new Uri($"http://127.0.0.1:{portBase + 6 + i}/"))];
        for (int i = 0; i < Verifiers.Count; i++)
        {
            say($"verification service {i + 1} on {Verifiers[i]} (PostgreSQL)");
            Start($"verification-{i + 1}", verificationDll, Verifiers[i], [$"--Upstream:BaseAddress={Info.PopulationDb}"],
                [new("Callers:GatewaySecret", Info.UpstreamSecret!), new("Storage:Provider", "PostgreSQL"), new("ConnectionStrings:Verification", PostgreSqlConnectionString)]);
        }

        await WaitReadyAsync(ct);

        MessageLogConnectionString = Options.MessageLogConnectionString ?? PostgreSqlConnectionString;
        Info = Info with { MessageLogConnection = MessageLogSource(run) };
        Gateways = [.. Enumerable.Range(0, Options.Gateways).Select(i => new Uri($"http://127.0.0.1:{portBase + 6 + Options.Verifiers + i}/"))];
        for (int i = 0; i < Gateways.Count; i++)
        {
            say($"gateway {i + 1} on {Gateways[i]}");
            Start(NodeId(i + 1), gatewayDll, Gateways[i], [.. GatewayArguments(i + 1), .. extraGatewayArguments],
                [.. LocalStack.GatewaySecrets(Info), new("RateLimiting:Store", "Redis"), new("ConnectionStrings:Redis", RedisConnectionString),
                 new("ConnectionStrings:MessageLog", MessageLogConnectionString), new("ConnectionStrings:BatchQuota", MessageLogConnectionString)]);
            if (i == 0)
            {
                // The first makes the shared token-signing keys (run/token-keys) if the folder has none;
                // the others start once it is ready, so they load those keys instead of making their own.
                await WaitReadyAsync(ct);
            }
        }

        await WaitReadyAsync(ct);
        say($"HAProxy on {Info.Gateway} in front of {Gateways.Count} gateways");
        Proxy = await HaProxy.StartAsync(Path.Combine(run, "haproxy"), portBase, portBase + 3, Gateways, ct);
        _processes.Add(("haproxy", Proxy.Process));
    }

    private IEnumerable<string> GatewayArguments(int gateway)
    {
        foreach (string a in LocalStack.GatewayArguments(Info, Info.PopulationDb, Verifiers[0]))
        {
            yield return a;
        }

        // Later values of a key win over earlier ones (the command-line provider keeps the last). Each
        // node's own chain in the shared PostgreSQL log (its connection string in the environment).
        yield return "--MessageLog:Provider=PostgreSQL";
        yield return $"--MessageLog:NodeId={NodeId(gateway)}";
        yield return "--BatchQuota:Store=PostgreSQL"; // one daily count per consumer for all gateways, in the same database
        for (int i = 1; i < Verifiers.Count; i++)
        {
            yield return $"--ReverseProxy:Clusters:verification:Destinations:verification-{i + 1}:Address={Verifiers[i]}";
        }

        // Active checks every 2 s (appsettings: 5 s), so a dead verification service leaves the rotation quickly.
        yield return "--ReverseProxy:Clusters:verification:HealthCheck:Active:Interval=00:00:02";
        yield return "--ReverseProxy:Clusters:verification:LoadBalancingPolicy=PowerOfTwoChoices";
    }

    /// <summary>
    /// Where <c>audit verify</c> finds the log's connection string: a 0600 file for the cluster's own
    /// PostgreSQL; for one named by the environment, that variable (its password is not copied to disk).
    /// </summary>
    private string MessageLogSource(string run)
    {
        if (Options.MessageLogConnectionString is not null)
        {
            return "env:ConnectionStrings__MessageLog";
        }

        if (Options.PostgreSqlConnectionString is not null)
        {
            return "env:ConnectionStrings__Verification";
        }

        string path = Path.Combine(run, "message-log.connection");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var file = new StreamWriter(new FileStream(path, options)))
        {
            file.WriteLine(MessageLogConnectionString);
        }

        return "file:" + path;
    }

    public async ValueTask DisposeAsync()
    {
        // In reverse start order: HAProxy first (no new requests), the gateways (their last seals reach a live TSA), …
        foreach ((_, Process p) in Enumerable.Reverse(_processes))
        {
            await ServiceLauncher.StopAsync(p, TimeSpan.FromSeconds(10));
            p.Dispose();
        }

        if (_postgres is not null)
        {
            await _postgres.StopAsync();
        }

        _folder.Dispose();
    }

    private void Start(string name, string dll, Uri url, string[] arguments, IReadOnlyList<KeyValuePair<string, string>> secrets)
    {
        Process process = ServiceLauncher.Start(Path.Combine(_folder.Run, "logs", name + ".log"), "dotnet", ["exec", dll, "--urls", url.ToString().TrimEnd('/'), .. arguments],
            Path.GetDirectoryName(dll)!, secrets.Select(s => KeyValuePair.Create(ConfigurationEnvironment.Name(s.Key), s.Value)));
        _processes.Add((name, process));
        _addresses[name] = url;
    }

    private readonly Dictionary<string, Uri> _addresses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var waiting = _processes.Where(p => _addresses.ContainsKey(p.Name) && !_ready.Contains(p.Name)).ToList();
        await Task.WhenAll(waiting.Select(p => ServiceLauncher.WaitHttpReadyAsync(p.Name, p.Process, new Uri(_addresses[p.Name], "health/ready"),
            Path.Combine(_folder.Run, "logs", p.Name + ".log"), ct)));
        _ready.UnionWith(waiting.Select(p => p.Name));
    }

    /// <summary>The passwords of the cluster's own PostgreSQL and Redis, made on the folder's first start (run/cluster-secrets.json, 0600).</summary>
    private sealed record ClusterSecrets(string PostgreSqlPassword, string RedisPassword)
    {
        public static ClusterSecrets LoadOrCreate(string run)
        {
            string path = Path.Combine(run, "cluster-secrets.json");
            if (File.Exists(path))
            {
                return JsonSerializer.Deserialize<ClusterSecrets>(File.ReadAllText(path))!;
            }

            var secrets = new ClusterSecrets(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            using (var file = new FileStream(path, options))
            {
                JsonSerializer.Serialize(file, secrets);
            }

            return secrets;
        }
    }
}
