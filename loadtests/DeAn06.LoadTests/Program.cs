using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeAn06.Cli.Runs;
using DeAn06.Cli.Stack;
using DeAn06.Client;
using DeAn06.LoadTests;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.SectorData;
using DeAn06.SectorData.Scenarios;
using Spectre.Console;

// Load and fault runs against the real three-process stack on loopback, bounded in time and
// requests, stopping by themselves.
// Usage: DeAn06.LoadTests [quick|full|throughput|latency|allocations|cluster] [options]; each profile's
// options in LoadArguments.Usage (--help).
// "throughput" only alternates direct, bare-YARP and gateway rounds (the issue 5 ratio and its
// ceiling) and prints each process's CPU time per request; it is what to run while changing the gateway.
// "latency" only alternates open-loop runs at 1,000 requests/s: direct, through a baseline gateway
// (another build, e.g. main's, with the stack gateway's own settings) and through the stack's gateway.
// "allocations" only: bytes each proxy process (bare YARP, the baseline gateway, the stack's gateway)
// allocates per request under wrk, from the runtime's own counter via dotnet-counters. Unlike CPU time it
// does not move with the machine's load, so it compares builds on a shared machine.
// "cluster" (ClusterRun): real time and batch on dean06 up --cluster with 1 + 1 and 2 + 2 nodes in one run,
// report under .artifacts/load/.
// The whole command line is checked before anything starts: a typo is an error, not a quick run.
var (arguments, usageError) = LoadArguments.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine($"DeAn06.LoadTests: {usageError}; --help for usage");
    return 2;
}

if (arguments.Help)
{
    Console.WriteLine(LoadArguments.Usage);
    return 0;
}

if (arguments.Profile == "cluster")
{
    return OperatingSystem.IsLinux() ? await ClusterRun.RunAsync(args) : 2;
}

string profile = arguments.Profile;
string? Option(string name) => arguments.Option(name);
int seconds = profile == "full" ? 30 : 5;
int batchRecords = profile == "full" ? 1_000_000 : 20_000;
string outDir = Option("--out") ?? Path.Combine(RepoLayout.Find().Root, "loadtests", "results");
Directory.CreateDirectory(outDir);
string work = Path.Combine(Path.GetTempPath(), "dean06-load-" + Guid.NewGuid().ToString("N")[..8]);
// 0700: the request files hold the upstream secret and bearer tokens (wrk reads them there rather than
// from its command line, which every local user can read).
_ = OperatingSystem.IsWindows() ? Directory.CreateDirectory(work) : Directory.CreateDirectory(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
Tools.Ensure("wrk", "nginx");

string clientKeys = Option("--client-keys") ?? LocalStack.DefaultClientKeys;
int portBase = Option("--port-base") is { } fixedBase ? int.Parse(fixedBase, CultureInfo.InvariantCulture) : LoopbackPorts.FreeBase(41_000, 60_000);
string adminKey = "load-" + Guid.NewGuid().ToString("N");
Console.WriteLine($"profile {profile}: {seconds} s per scenario, batch of {batchRecords:N0}; stack on 127.0.0.1:{portBase}-{portBase + 2}");
await using LocalStack stack = await LocalStack.StartAsync(RepoLayout.Find(), Path.Combine(work, "stack"), 200_000, portBase, s => Console.WriteLine("starting " + s), CancellationToken.None,
    ["--Consumers:Clients:THUE:RatePerSecond=50", "--Consumers:Clients:THUE:Burst=50"], adminKey, clientKeys);
StackInfo info = stack.Info;
CitizenStore population = PopulationGenerator.Generate(info.PopulationSeed, info.PopulationSize, info.ReferenceDate);
IReadOnlyList<byte[]> bodies = Requests.Bodies(population, 256, seed: 7);
ClientInfo bhxh = info.Clients["BHXH"], thue = info.Clients["THUE"];
string bhxhToken = await Requests.TokenAsync(info.Gateway, bhxh), thueToken = await Requests.TokenAsync(info.Gateway, thue);
string direct = Requests.Write(Path.Combine(work, "direct.txt"), bodies, _ => new Dictionary<string, string>
    { ["X-DeAn06-Gateway-Secret"] = info.UpstreamSecret!, ["X-DeAn06-Consumer"] = "BHXH" });
string viaGateway = Requests.Write(Path.Combine(work, "gateway.txt"), bodies, b => new Dictionary<string, string>
    { ["Authorization"] = "Bearer " + bhxhToken, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, b) });
string thueRequests = Requests.Write(Path.Combine(work, "thue.txt"), bodies.Take(32).ToList(), b => new Dictionary<string, string>
    { ["Authorization"] = "Bearer " + thueToken, ["X-DeAn06-Signature"] = Requests.Sign(info, thue, b) });

var results = new List<ScenarioResult>();
double plainRatio = 0;
var problems = new List<string>();
void Check(bool ok, string problem)
{
    if (!ok)
    {
        problems.Add(problem);
    }
}

// Warm-up (not reported): the first seconds after start-up are JIT (tiering needs a few seconds
// under load before the code is at full speed) and connection set-up.
int warmUp = profile == "quick" ? 3 : 8;
Drivers.Wrk("warm-up direct", info.Verification, direct, warmUp, 16, work);
Drivers.Wrk("warm-up gateway", info.Gateway, viaGateway, warmUp, 16, work);

if (profile == "throughput")
{
    // Rounds alternate direct, bare YARP and the gateway (all features), so a slow spell of the
    // shared machine hits all alike; each process's CPU time per request says where the time goes.
    int rounds = int.Parse(Option("--rounds") ?? "4", CultureInfo.InvariantCulture);
    int ports = LoopbackPorts.FreeBase(41_000, 60_000, count: 3);
    await using PlainProxies reference = await PlainProxies.StartAsync(info, RepoLayout.Find(), work, ports, ports + 1, ports + 2, bhxh.Secret);
    Drivers.Wrk("warm-up bare YARP", reference.Yarp, direct, warmUp, 16, work);
    var targets = new List<(string Name, Uri Target, string Requests)> { ("direct", info.Verification, direct), ("bare YARP", reference.Yarp, direct), ("gateway", info.Gateway, viaGateway) };
    // Every process whose CPU time says where a request's time goes: the stack's, bare YARP's own
    // (the reference for the gateway's CPU per request) and, with --baseline-gateway, the old build's.
    var measured = stack.Processes.Select(p => (p.Name, Pid: p.ProcessId)).Append((Name: "bare YARP", Pid: reference.YarpProcessId)).ToList();
    if (arguments.Flag("--with-unsigned"))
    {
        // The same gateway with the CMS signatures off (token, access, rate limit and message log
        // on): what checking and applying the per-message signatures costs, read as the difference.
        string unsignedToken = await Requests.TokenAsync(reference.Gateway, bhxh);
        string unsignedRequests = Requests.Write(Path.Combine(work, "unsigned.txt"), bodies, _ => new Dictionary<string, string> { ["Authorization"] = "Bearer " + unsignedToken });
        Drivers.Wrk("warm-up gateway, unsigned", reference.Gateway, unsignedRequests, warmUp, 16, work);
        targets.Add(("gateway, unsigned", reference.Gateway, unsignedRequests));
        measured.Add(("gateway, unsigned", reference.GatewayProcessId));
    }

    Process? baseline = null;
    if (Option("--baseline-gateway") is { } baselineDll)
    {
        (baseline, Uri? baselineUri) = await StartBaselineAsync(baselineDll);
        if (baselineUri is null)
        {
            return 1;
        }

        targets.Insert(2, ("baseline gateway", baselineUri, viaGateway));
        measured.Add(("baseline gateway", baseline.Id));
    }

    Console.WriteLine($"processes: {string.Join(", ", measured.Select(p => $"{p.Name} {p.Pid}"))}");
    var rates = new double[targets.Count];
    var cpu = measured.ToDictionary(p => p.Name, _ => new double[targets.Count]);
    // Round 0 is one more warm-up, not counted: a gateway's CPU per request still falls for some
    // 20 s after start (tiered compilation), which would charge the first measured round.
    for (int round = 0; round <= rounds; round++)
    {
        // Each round starts one target later: the target measured last in a round reads ~10 % high
        // (an A/A run of one build as both gateways showed it), so with as many rounds as targets
        // every target is measured once in every position and no build gains from its place.
        for (int step = 0; step < targets.Count; step++)
        {
            int t = (step + round) % targets.Count;
            var before = measured.ToDictionary(p => p.Name, p => CpuSeconds(p.Pid));
            ScenarioResult r = Drivers.Wrk("throughput " + targets[t].Name, targets[t].Target, targets[t].Requests, 5, 16, work);
            if (r.Failed > 0)
            {
                Console.Error.WriteLine($"{r.Name}: failures {Describe(r)}");
                return 1;
            }

            string own = measured.Any(p => p.Name == targets[t].Name) ? targets[t].Name : "verification";
            double ownCpu = (CpuSeconds(measured.First(p => p.Name == own).Pid) - before[own]) * 1e6 / Math.Max(1, r.Ok);
            Console.WriteLine($"round {round} {targets[t].Name,-16}: {r.RequestsPerSecond,8:N0} req/s, p50 {r.Latency.P50:0.00} ms, p99 {r.Latency.P99:0.00} ms, {own} {ownCpu:0} µs CPU/request" + (round == 0 ? " (warm-up, not counted)" : ""));
            if (round == 0)
            {
                continue;
            }

            foreach (var p in measured)
            {
                cpu[p.Name][t] += (CpuSeconds(p.Pid) - before[p.Name]) * 1e6 / Math.Max(1, r.Ok) / rounds;
            }

            rates[t] += r.RequestsPerSecond / rounds;
        }
    }

    Console.WriteLine($"clients sign with {clientKeys}; " + string.Join(", ", targets.Select((x, t) => $"{x.Name} {rates[t]:N0} req/s ({rates[t] / rates[0]:P1} of direct)")));
    Console.WriteLine($"CPU µs per request ({string.Join(" / ", targets.Select(x => x.Name))} runs): " + string.Join("; ", cpu.Select(c => $"{c.Key} {string.Join(" / ", c.Value.Select(v => v.ToString("0", CultureInfo.InvariantCulture)))}")));
    // The proxy's own process in its own run: the gateway's CPU per request against bare YARP's (target ≤ 1.5×).
    int yarpRun = targets.FindIndex(x => x.Name == "bare YARP"), gatewayRun = targets.FindIndex(x => x.Name == "gateway");
    double yarpCpu = cpu["bare YARP"][yarpRun], gatewayCpu = cpu["gateway"][gatewayRun];
    Console.WriteLine($"proxy process CPU per request: bare YARP {yarpCpu:0} µs, gateway {gatewayCpu:0} µs ({gatewayCpu / yarpCpu:0.00} × bare YARP)" +
        (baseline is null ? "" : $", baseline gateway {cpu["baseline gateway"][targets.FindIndex(x => x.Name == "baseline gateway")]:0} µs") +
        (targets.FindIndex(x => x.Name == "gateway, unsigned") is var unsignedRun and >= 0 ? $", gateway unsigned {cpu["gateway, unsigned"][unsignedRun]:0} µs" : ""));
    if (baseline is not null)
    {
        baseline.Kill();
        await baseline.WaitForExitAsync();
    }

    if (Option("--hold") is { } hold)
    {
        // Keeps the stack up (bounded) for profiling or manual wrk runs with the request files.
        Console.WriteLine($"holding the stack for {hold} s; request files in {work}");
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)));
    }

    Directory.Delete(work, recursive: true);
    return 0;
}

if (profile == "allocations")
{
    if (AllocationCounter.FindTool(Option("--dotnet-counters")) is not { } countersTool)
    {
        Console.Error.WriteLine("allocations: dotnet-counters not found; install it (dotnet tool install --tool-path DIR dotnet-counters) and pass --dotnet-counters DIR/dotnet-counters");
        return 2;
    }

    int rounds = int.Parse(Option("--rounds") ?? "2", CultureInfo.InvariantCulture);
    int runSeconds = int.Parse(Option("--seconds") ?? "5", CultureInfo.InvariantCulture);
    var lead = TimeSpan.FromSeconds(double.Parse(Option("--lead") ?? "4", CultureInfo.InvariantCulture));
    int ports = LoopbackPorts.FreeBase(41_000, 60_000, count: 3);
    await using PlainProxies reference = await PlainProxies.StartAsync(info, RepoLayout.Find(), work, ports, ports + 1, ports + 2, bhxh.Secret);
    Drivers.Wrk("warm-up bare YARP", reference.Yarp, direct, warmUp, 16, work);
    var targets = new List<(string Name, Uri Target, string Requests, int Pid)>
    {
        ("bare YARP", reference.Yarp, direct, reference.YarpProcessId),
        ("gateway", info.Gateway, viaGateway, stack.Processes.Single(p => p.Name == "gateway").ProcessId),
    };
    Process? baseline = null;
    if (Option("--baseline-gateway") is { } baselineDll)
    {
        (baseline, Uri? baselineUri) = await StartBaselineAsync(baselineDll);
        if (baselineUri is null)
        {
            return 1;
        }

        targets.Insert(1, ("baseline gateway", baselineUri, viaGateway, baseline.Id));
    }

    var perRequest = targets.ToDictionary(t => t.Name, _ => new List<double>());
    for (int round = 1; round <= rounds; round++)
    {
        foreach (var (name, target, requests, pid) in targets)
        {
            // A session that attached late (a busy machine) missed part of the run: run again with a longer lead.
            ScenarioResult r;
            long? measured = null;
            for (TimeSpan attemptLead = lead; ; attemptLead *= 2)
            {
                using AllocationCounter counter = await AllocationCounter.StartAsync(countersTool, pid, Path.Combine(work, "allocations.csv"), attemptLead, TimeSpan.FromSeconds(runSeconds));
                r = Drivers.Wrk("allocations " + name, target, requests, runSeconds, 16, work);
                measured = await counter.StopAsync();
                if (measured is not null || attemptLead > lead * 4 || r.Failed > 0)
                {
                    break;
                }

                Console.WriteLine($"round {round} {name}: the counter session missed the start of the run; again with a {attemptLead.TotalSeconds * 2:0} s lead");
            }

            if (r.Failed > 0 || measured is not { } bytes)
            {
                Console.Error.WriteLine(r.Failed > 0 ? $"{r.Name}: failures {Describe(r)}" : $"{r.Name}: the counter session never covered the whole run");
                baseline?.Kill();
                return 1;
            }

            long requestsSeen = r.Ok;
            perRequest[name].Add((double)bytes / requestsSeen);
            Console.WriteLine($"round {round} {name,-16}: {requestsSeen,8:N0} requests, {bytes / 1e6,9:N1} MB allocated, {bytes / (double)requestsSeen,9:N0} B/request");
        }
    }

    Console.WriteLine("bytes allocated per request (median of rounds): " + string.Join(", ", perRequest.Select(p => $"{p.Key} {p.Value.Order().ElementAt(p.Value.Count / 2):N0} B")));
    if (Option("--hold") is { } hold)
    {
        // Keeps the stack up (bounded) for dotnet-trace: the gateway's request file gets a fresh token.
        string token = await Requests.TokenAsync(info.Gateway, bhxh);
        Requests.Write(Path.Combine(work, "gateway.txt"), bodies, b => new Dictionary<string, string>
            { ["Authorization"] = "Bearer " + token, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, b) });
        Console.WriteLine($"holding the stack for {hold} s (token valid 5 min); request files in {work}; processes: {string.Join(", ", targets.Select(t => $"{t.Name} {t.Pid}"))}");
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(hold, CultureInfo.InvariantCulture)));
    }

    if (baseline is not null)
    {
        baseline.Kill();
        await baseline.WaitForExitAsync();
    }

    Directory.Delete(work, recursive: true);
    return 0;
}

if (profile == "latency")
{
    int rounds = int.Parse(Option("--rounds") ?? "4", CultureInfo.InvariantCulture);
    var directOpen = bodies.Select(b => (b, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        { ["X-DeAn06-Gateway-Secret"] = info.UpstreamSecret!, ["X-DeAn06-Consumer"] = "BHXH" })).ToList();
    var gatewayOpen = bodies.Select(b => (b, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        { ["Authorization"] = "Bearer " + bhxhToken, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, b) })).ToList();
    var targets = new List<(string Name, Uri Target, List<(byte[], IReadOnlyDictionary<string, string>)> Requests)>
        { ("direct", new Uri(info.Verification, "api/v1/verify"), directOpen), ("gateway", new Uri(info.Gateway, "api/v1/verify"), gatewayOpen) };
    Process? baseline = null;
    if (Option("--baseline-gateway") is { } baselineDll)
    {
        (baseline, Uri? baselineUri) = await StartBaselineAsync(baselineDll);
        if (baselineUri is null)
        {
            return 1;
        }

        targets.Insert(1, ("baseline gateway", new Uri(baselineUri, "api/v1/verify"), gatewayOpen));
    }

    var p50 = new double[targets.Count, rounds];
    var p99 = new double[targets.Count, rounds];
    for (int round = 0; round < rounds; round++)
    {
        for (int t = 0; t < targets.Count; t++)
        {
            ScenarioResult r = await OpenLoop.RunAsync($"{targets[t].Name} at 1000/s", targets[t].Target, targets[t].Requests, 1000, 5);
            if (r.Failed > 0)
            {
                Console.Error.WriteLine($"{r.Name}: failures {Describe(r)}");
                return 1;
            }

            (p50[t, round], p99[t, round]) = (r.Latency.P50, r.Latency.P99);
            Console.WriteLine($"round {round + 1} {targets[t].Name,-16}: p50 {r.Latency.P50:0.00} ms, p99 {r.Latency.P99:0.00} ms");
        }
    }

    for (int t = 1; t < targets.Count; t++)
    {
        double[] added = [.. Enumerable.Range(0, rounds).Select(r => p99[t, r] - p99[0, r])];
        double[] added50 = [.. Enumerable.Range(0, rounds).Select(r => p50[t, r] - p50[0, r])];
        Console.WriteLine($"{targets[t].Name}: added p50 {string.Join(" / ", added50.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture)))} ms (median {Median(added50):0.00}), " +
            $"added p99 {string.Join(" / ", added.Select(a => a.ToString("0.00", CultureInfo.InvariantCulture)))} ms (median {Median(added):0.00})");
    }

    if (baseline is not null)
    {
        baseline.Kill();
        await baseline.WaitForExitAsync();
    }

    Directory.Delete(work, recursive: true);
    return 0;

    static double Median(double[] v) => v.Order().ElementAt(v.Length / 2);
}

// 1. Real-time verification, direct and through the gateway, same run.
Uri verify = new(info.Verification, "api/v1/verify"), gatewayVerify = new(info.Gateway, "api/v1/verify");
ScenarioResult d = Drivers.Wrk("verify, direct to the verification service", info.Verification, direct, seconds, 16, work);
ScenarioResult g = Drivers.Wrk("verify, through the gateway (all features)", info.Gateway, viaGateway, seconds, 16, work);
results.AddRange([d, g]);
Check(d.Failed == 0 && g.Failed == 0, $"real-time runs had failures: direct {d.Failed}, gateway {g.Failed}");

// 1a. The same at a fixed rate, open loop (no coordinated omission): latency added by the gateway.
int rate = profile == "full" ? 1000 : 200;
var directFixed = bodies.Select(b => (b, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
    { ["X-DeAn06-Gateway-Secret"] = info.UpstreamSecret!, ["X-DeAn06-Consumer"] = "BHXH" })).ToList();
var gatewayFixed = bodies.Select(b => (b, (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
    { ["Authorization"] = "Bearer " + bhxhToken, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, b) })).ToList();
ScenarioResult df = await OpenLoop.RunAsync($"verify at {rate}/s, direct", verify, directFixed, rate, seconds);
ScenarioResult gf = await OpenLoop.RunAsync($"verify at {rate}/s, through the gateway", gatewayVerify, gatewayFixed, rate, seconds);
results.AddRange([df, gf]);
Check(df.Failed == 0 && gf.Failed == 0, $"fixed-rate runs had failures: direct {Describe(df)}; gateway {Describe(gf)}");

// 1b. What proxying itself costs, same upstream, same run: nginx, YARP with nothing added, and the
// gateway with its security features off.
int plainPorts = LoopbackPorts.FreeBase(41_000, 60_000, count: 3);
double bareRatio = 0;
await using (PlainProxies proxies = await PlainProxies.StartAsync(info, RepoLayout.Find(), work, plainPorts, plainPorts + 1, plainPorts + 2, bhxh.Secret))
{
    string plainToken = await Requests.TokenAsync(proxies.Gateway, bhxh);

    string plainRequests = Requests.Write(Path.Combine(work, "plain.txt"), bodies, _ => new Dictionary<string, string> { ["Authorization"] = "Bearer " + plainToken });
    Drivers.Wrk("warm-up bare YARP", proxies.Yarp, direct, warmUp, 16, work);
    Drivers.Wrk("warm-up plain gateway", proxies.Gateway, plainRequests, warmUp, 16, work);
    ScenarioResult nginx = Drivers.Wrk("verify, through nginx (plain proxy)", proxies.Nginx, direct, seconds, 16, work);
    ScenarioResult bare = Drivers.Wrk("verify, through YARP with nothing added", proxies.Yarp, direct, seconds, 16, work);
    ScenarioResult plain = Drivers.Wrk("verify, through the gateway with security features off", proxies.Gateway, plainRequests, seconds, 16, work);
    results.AddRange([nginx, bare, plain]);
    Check(nginx.Failed == 0 && bare.Failed == 0 && plain.Failed == 0, $"plain proxies had failures: nginx {Describe(nginx)}; YARP {Describe(bare)}; gateway {Describe(plain)}");
    plainRatio = plain.RequestsPerSecond / Math.Max(nginx.RequestsPerSecond, 1);
    bareRatio = bare.RequestsPerSecond / Math.Max(d.RequestsPerSecond, 1);
}

// Tokens live five minutes: fresh ones for the rest of the run.
bhxhToken = await Requests.TokenAsync(info.Gateway, bhxh);
thueToken = await Requests.TokenAsync(info.Gateway, thue);
viaGateway = Requests.Write(Path.Combine(work, "gateway.txt"), bodies, b => new Dictionary<string, string>
    { ["Authorization"] = "Bearer " + bhxhToken, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, b) });
thueRequests = Requests.Write(Path.Combine(work, "thue.txt"), bodies.Take(32).ToList(), b => new Dictionary<string, string>
    { ["Authorization"] = "Bearer " + thueToken, ["X-DeAn06-Signature"] = Requests.Sign(info, thue, b) });

// 2. One client over its limit (THUE, 50/s) while another stays within (BHXH at 20/s): only THUE is refused.
Task<ScenarioResult> greedy = Task.Run(() => Drivers.Wrk("THUE over its 50/s limit", info.Gateway, thueRequests, seconds, 8, work));
// In-process, not hey: hey takes headers only on its command line, where any local user reads the token.
Task<ScenarioResult> polite = OpenLoop.RunAsync("BHXH at 20/s meanwhile", gatewayVerify,
    [(bodies[0], new Dictionary<string, string> { ["Authorization"] = "Bearer " + bhxhToken, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, bodies[0]) })], 20, seconds);
ScenarioResult over = await greedy, within = await polite;
results.AddRange([over, within]);
Check(over.RateLimited > 0 && over.Failed == over.RateLimited, $"THUE: expected only 429 refusals, got {Describe(over)}");
Check(within.Failed == 0 && within.Ok > 0, $"BHXH within its limit was refused: {Describe(within)}");

// 3. Faults in the population DB under load: 5 % errors with latency spikes, then a maintenance window.
using var admin = new HttpClient { BaseAddress = info.PopulationDb };
admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
async Task Faults(string json) => (await admin.PutAsync("admin/faults", new StringContent(json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
// 3a. The population DB as a remote database that takes 5 ms to answer (no errors): direct and
// through the gateway, same run. The runs above are the worst case for the gateway (an in-memory
// simulator, everything on the same two cores, CPU-bound); this is closer to the deployed chain.
await Faults("""{"LatencyMs":5}""");
ScenarioResult remoteDirect = Drivers.Wrk("verify, direct, population DB answering in 5 ms", info.Verification, direct, seconds, 16, work);
ScenarioResult remoteGateway = Drivers.Wrk("verify, through the gateway, population DB answering in 5 ms", info.Gateway, viaGateway, seconds, 16, work);
results.AddRange([remoteDirect, remoteGateway]);
Check(remoteDirect.Failed == 0 && remoteGateway.Failed == 0, $"5 ms upstream runs had failures: direct {Describe(remoteDirect)}; gateway {Describe(remoteGateway)}");

await Faults("""{"ErrorRate":0.05,"LatencyMs":5,"LatencyJitterMs":60,"Seed":7}""");
ScenarioResult faulty = Drivers.Wrk("gateway, population DB with 5 % errors + latency spikes", info.Gateway, viaGateway, seconds, 16, work);
await Faults($$"""{"MaintenanceForSeconds":{{Math.Max(2, seconds / 2)}},"MaintenanceRetryAfterSeconds":1}""");
ScenarioResult maintenance = Drivers.Wrk("gateway, population DB in maintenance for half the run", info.Gateway, viaGateway, seconds, 16, work);
await Faults("{}");
results.AddRange([faulty, maintenance]);
foreach (ScenarioResult r in new[] { faulty, maintenance })
{
    Check(r.Ok > 0 && r.Failed == r.UpstreamUnavailable, $"{r.Name}: failures other than upstream-unavailable: {Describe(r)}");
}

// 4. A batch through the gateway: throughput and each process's peak memory.
var batchScenario = new Scenario("load-batch", "load batch", "BHXH", "06", "tolerant", batchRecords, batchRecords - batchRecords / 100,
    new Dictionary<Discrepancy, long> { [Discrepancy.WrongBirthDate] = batchRecords / 100 }, "load run", null);
string records = Path.Combine(work, "batch.csv");
SectorDatasetWriter.Write(batchScenario, population, records, Path.Combine(work, "batch-truth.csv"));
using DeAn06Client client = info.Connect(info.Clients["BHXH-06"]);
var watch = Stopwatch.StartNew();
BatchOutcome batch = await BatchRun.RunAsync(client, records, BatchFormat.Csv, Path.Combine(work, "batch.ndjson"), "load", AnsiConsole.Console, CancellationToken.None);
double batchSeconds = watch.Elapsed.TotalSeconds;
var memory = stack.Processes.ToDictionary(p => p.Name, p => PeakMiB(p.ProcessId));
Check(batch.Total == batchRecords && batch.Matched == batchScenario.Matched, $"batch: expected {batchScenario.Matched}/{batchRecords}, got {batch.Matched}/{batch.Total}");

// Report: Markdown and JSON.
string stamp = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var md = new StringBuilder();
md.AppendLine(CultureInfo.InvariantCulture, $"# Load run `{profile}` ({stamp} UTC), {seconds} s per scenario, {Environment.ProcessorCount} cores, loopback; clients sign with {clientKeys} keys");
md.AppendLine();
md.AppendLine("| scenario | tool | ok | failed | 429 | upstream unavailable | req/s | min ms | mean | p50 | p75 | p95 | p99 | max | MiB |");
md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
foreach (ScenarioResult r in results)
{
    md.AppendLine(r.MarkdownRow());
}

md.AppendLine();
if (profile == "quick")
{
    md.AppendLine("Quick profile: runs of a few seconds right after start-up check correctness only; the ratios below are not speed figures (see the full profile).");
    md.AppendLine();
}

md.AppendLine(CultureInfo.InvariantCulture, $"Through the gateway: **{g.RequestsPerSecond / Math.Max(d.RequestsPerSecond, 1):P1}** of direct throughput (same run).");
md.AppendLine(CultureInfo.InvariantCulture, $"At {rate}/s (open loop), added by the gateway: p50 {gf.Latency.P50 - df.Latency.P50:0.00} ms, p99 {gf.Latency.P99 - df.Latency.P99:0.00} ms.");
md.AppendLine(CultureInfo.InvariantCulture, $"With the population DB answering in 5 ms: through the gateway **{remoteGateway.RequestsPerSecond / Math.Max(remoteDirect.RequestsPerSecond, 1):P1}** of direct throughput (same run).");
md.AppendLine(CultureInfo.InvariantCulture, $"YARP with nothing added: **{bareRatio:P1}** of direct throughput (the ceiling for any YARP-based gateway on this machine).");
md.AppendLine(CultureInfo.InvariantCulture, $"Gateway with security features off: **{plainRatio:P1}** of nginx's throughput as a plain proxy (same run, same upstream).");
md.AppendLine(CultureInfo.InvariantCulture, $"Batch of {batchRecords:N0} records through the gateway: {batchSeconds:0.0} s, {batchRecords / batchSeconds:N0} records/s; peak RSS: {string.Join(", ", memory.Select(m => $"{m.Key} {m.Value:N0} MiB"))}.");
md.AppendLine(problems.Count == 0 ? "\nCorrectness: all checks passed (failures were only the expected 429s and upstream-unavailable answers)." : "\nCorrectness problems:\n" + string.Concat(problems.Select(p => $"- {p}\n")));
string mdPath = Path.Combine(outDir, $"load-{profile}-{stamp}.md");
await File.WriteAllTextAsync(mdPath, md.ToString());
await File.WriteAllTextAsync(Path.ChangeExtension(mdPath, ".json"), JsonSerializer.Serialize(new
{
    profile, seconds, results = results.Select(r => new { r.Name, r.Tool, r.Seconds, r.Ok, r.Failed, r.Statuses, r.Bytes, r.RequestsPerSecond, r.RateLimited, r.UpstreamUnavailable, r.Latency, r.Note }),
    gatewayRatio = g.RequestsPerSecond / Math.Max(d.RequestsPerSecond, 1),
    gatewayOffVsNginx = plainRatio,
    bareYarpRatio = bareRatio,
    gatewayRatioWithRemoteUpstream = remoteGateway.RequestsPerSecond / Math.Max(remoteDirect.RequestsPerSecond, 1),
    clientKeys,
    addedAtFixedRateMs = new { rate, p50 = gf.Latency.P50 - df.Latency.P50, p99 = gf.Latency.P99 - df.Latency.P99 },
    batch = new { records = batchRecords, seconds = batchSeconds, perSecond = batchRecords / batchSeconds, peakMiB = memory },
    problems,
}, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine();
Console.WriteLine(md.ToString());
Console.WriteLine($"report: {mdPath} (and .json)");
Directory.Delete(work, recursive: true);
return problems.Count == 0 ? 0 : 1;

// Another build of the gateway (e.g. main's) with the stack gateway's own arguments (same keys,
// certificates, consumers and upstreams), its own port and log; warmed up like the stack's.
async Task<(Process Process, Uri? Uri)> StartBaselineAsync(string baselineDll)
{
    // The stack gateway's own arguments (same keys, certificates, consumers and upstreams), its own port and log.
    int gatewayPid = stack.Processes.Single(p => p.Name == "gateway").ProcessId;
    string[] stackArgs = File.ReadAllText($"/proc/{gatewayPid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries)[3..];
    int port = LoopbackPorts.FreeBase(41_000, 60_000, count: 1);
    var arguments = new List<string> { "exec", baselineDll };
    for (int i = 0; i < stackArgs.Length; i++)
    {
        arguments.Add(stackArgs[i] == "--urls" ? stackArgs[i] : stackArgs[i].StartsWith("--MessageLog:SqlitePath=", StringComparison.Ordinal) ? $"--MessageLog:SqlitePath={work}/baseline-log.db" : stackArgs[i]);
        if (stackArgs[i] == "--urls")
        {
            arguments.Add($"http://127.0.0.1:{port}");
            i++;
        }
    }

    var baselineStart = new ProcessStartInfo("dotnet", arguments) { WorkingDirectory = Path.GetDirectoryName(baselineDll)!, RedirectStandardOutput = true, UseShellExecute = false };
    // Its secrets too: the stack passes them in the environment (Section__Key), never on command lines.
    foreach (string variable in File.ReadAllText($"/proc/{gatewayPid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries))
    {
        if (variable.Split('=', 2) is [var name, var value] && name.Contains("__", StringComparison.Ordinal))
        {
            baselineStart.Environment[name] = value;
        }
    }

    Process baseline = Process.Start(baselineStart)!;
    baseline.BeginOutputReadLine();
    var baselineUri = new Uri($"http://127.0.0.1:{port}/");
    using var probe = new HttpClient();
    for (var waited = Stopwatch.StartNew(); !(await TryGetAsync(probe, new Uri(baselineUri, "health/ready"))); await Task.Delay(200))
    {
        if (waited.Elapsed > TimeSpan.FromSeconds(60) || baseline.HasExited)
        {
            Console.Error.WriteLine("the baseline gateway did not start");
            return (baseline, null);
        }
    }

    Drivers.Wrk("warm-up baseline gateway", baselineUri, viaGateway, warmUp, 16, work);
    return (baseline, baselineUri);
}

static string Describe(ScenarioResult r) => string.Join(", ", r.Statuses.Select(s => $"{s.Key}: {s.Value}"));

static double CpuSeconds(int pid)
{
    using var process = Process.GetProcessById(pid);
    return process.TotalProcessorTime.TotalSeconds;
}

static long PeakMiB(int pid)
{
    string status = File.ReadAllText($"/proc/{pid}/status");
    string line = status.Split('\n').First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static async Task<bool> TryGetAsync(HttpClient client, Uri uri)
{
    try
    {
        using HttpResponseMessage response = await client.GetAsync(uri);
        return response.IsSuccessStatusCode;
    }
    catch (HttpRequestException)
    {
        return false;
    }
}
