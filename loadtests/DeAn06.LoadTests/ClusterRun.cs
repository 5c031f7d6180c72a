using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using DeAn06.Cli.Runs;
using DeAn06.Cli.Stack;
using DeAn06.Client;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.SectorData;
using DeAn06.SectorData.Scenarios;
using Spectre.Console;

namespace DeAn06.LoadTests;

/// <summary>
/// <c>./build.sh load cluster</c>: the same measurements on <c>dean06 up --cluster</c> with 1 gateway + 1
/// verification service, then 2 + 2, in one run (one cluster after the other, each in a fresh folder, on
/// loopback): real-time throughput and latency through HAProxy (wrk, closed loop), batch throughput
/// (parallel jobs through HAProxy), and each component's CPU time per request and per record, which
/// says where the time goes. Bounded in time and requests, stops by itself; the report goes to
/// .artifacts/load/ (Markdown and JSON).
/// Options: [--quick] [--seconds N] [--records N] [--connections N] [--out DIR] [--client-keys rsa2048|p256].
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ClusterRun
{
    private const int Jobs = 4;
    private const int PopulationSize = 100_000;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        bool quick = args.Contains("--quick");
        int seconds = int.Parse(Option("--seconds") ?? (quick ? "3" : "15"), CultureInfo.InvariantCulture);
        int records = int.Parse(Option("--records") ?? (quick ? "4000" : "200000"), CultureInfo.InvariantCulture);
        int connections = int.Parse(Option("--connections") ?? "32", CultureInfo.InvariantCulture);
        string clientKeys = Option("--client-keys") ?? LocalStack.DefaultClientKeys;
        if (seconds is < 1 or > 600 || records is < Jobs or > 5_000_000 || connections is < 1 or > 1024)
        {
            Console.Error.WriteLine("cluster: --seconds 1–600, --records 4–5000000, --connections 1–1024");
            return 2;
        }

        RepoLayout repo = RepoLayout.Find();
        string outDir = Option("--out") ?? Path.Combine(repo.Root, ".artifacts", "load");
        Directory.CreateDirectory(outDir);
        // The clusters' folders must be reachable by the postgres user (PostgreSQL runs as that user when
        // this runs as root); the request files, which hold bearer tokens, go in a 0700 folder inside.
        string root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "dean06-load-cluster-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        string work = Directory.CreateDirectory(Path.Combine(root, "requests"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
        Tools.Ensure("wrk");
        Console.WriteLine($"cluster load: 1 + 1 then 2 + 2 nodes; {seconds} s of real time ({connections} connections), {records:N0} records in {Jobs} parallel jobs, per cluster");

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2 * (120 + seconds * 3 + Math.Max(60, records / 500))));
        var runs = new List<ClusterFigures>();
        var problems = new List<string>();
        try
        {
            CitizenStore? population = null;
            foreach (int nodes in new[] { 1, 2 })
            {
                int portBase = LoopbackPorts.FreeBase(41_000, 60_000, count: 6 + (2 * nodes));
                await using ClusterStack cluster = await ClusterStack.StartAsync(repo, Path.Combine(root, $"cluster-{nodes}"), PopulationSize, portBase,
                    new ClusterOptions { Gateways = nodes, Verifiers = nodes }, s => Console.WriteLine($"[{nodes}+{nodes}] starting {s}"), limit.Token, clientKeys: clientKeys);
                population ??= PopulationGenerator.Generate(cluster.Info.PopulationSeed, cluster.Info.PopulationSize, cluster.Info.ReferenceDate);
                runs.Add(await MeasureAsync(cluster, nodes, population, work, seconds, records, connections, problems, quick, limit.Token));
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            problems.Add("the run did not finish within its time limit");
        }
        catch (Cli.CliException ex)
        {
            problems.Add($"a cluster did not start: {ex.Message}");
        }

        string stamp = TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string md = Report(runs, problems, stamp, seconds, records, connections, clientKeys, quick);
        string mdPath = Path.Combine(outDir, $"load-cluster-{stamp}.md");
        await File.WriteAllTextAsync(mdPath, md);
        await File.WriteAllTextAsync(Path.ChangeExtension(mdPath, ".json"), JsonSerializer.Serialize(new { seconds, records, jobs = Jobs, connections, clientKeys, quick, runs, problems }, Indented));
        Console.WriteLine();
        Console.WriteLine(md);
        Console.WriteLine($"report: {mdPath} (and .json)");
        if (problems.Count == 0)
        {
            Directory.Delete(root, recursive: true);
        }
        else
        {
            Console.WriteLine($"the clusters' folders (logs in run/logs) are kept in {root}");
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<ClusterFigures> MeasureAsync(ClusterStack cluster, int nodes, CitizenStore population, string work, int seconds, int records, int connections,
        List<string> problems, bool quick, CancellationToken ct)
    {
        StackInfo info = cluster.Info;
        ClientInfo bhxh = info.Clients["BHXH"];
        string token = await Requests.TokenAsync(info.Gateway, bhxh);
        string requests = Requests.Write(Path.Combine(work, $"realtime-{nodes}.txt"), Requests.Bodies(population, 256, seed: 7), b => new Dictionary<string, string>
            { ["Authorization"] = "Bearer " + token, ["X-DeAn06-Signature"] = Requests.Sign(info, bhxh, b) });
        Dictionary<string, int[]> components = Components(cluster);

        // Real time through HAProxy, after a warm-up (JIT tiering, connections) that is not reported.
        Drivers.Wrk($"warm-up {nodes}+{nodes}", info.Gateway, requests, quick ? 1 : 5, connections, work);
        var before = CpuSeconds(components);
        ScenarioResult realtime = Drivers.Wrk($"real time {nodes}+{nodes}", info.Gateway, requests, seconds, connections, work);
        Dictionary<string, double> perRequest = PerUnit(before, CpuSeconds(components), realtime.Ok);
        if (realtime.Failed > 0 || realtime.Ok == 0)
        {
            problems.Add($"real time {nodes}+{nodes}: {realtime.Ok} ok, failures {string.Join(", ", realtime.Statuses.Where(s => !s.Key.StartsWith('2')).Select(s => $"{s.Key}: {s.Value}"))}");
        }

        Console.WriteLine($"[{nodes}+{nodes}] real time: {realtime.RequestsPerSecond:N0} req/s, p50 {realtime.Latency.P50:0.00} ms, p99 {realtime.Latency.P99:0.00} ms");

        // Batch: Jobs parallel jobs (one client each, one file each) through HAProxy; each job's time from its upload to its last result.
        int perJob = records / Jobs;
        var scenario = new Scenario("load-cluster", "cluster load batch", "BHXH", "06", "tolerant", perJob, perJob - (perJob / 100),
            new Dictionary<Discrepancy, long> { [Discrepancy.WrongBirthDate] = perJob / 100 }, "cluster load run", null);
        string file = Path.Combine(work, $"batch-{nodes}.csv");
        SectorDatasetWriter.Write(scenario, population, file, Path.Combine(work, $"batch-{nodes}-truth.csv"));
        IAnsiConsole quiet = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No });
        before = CpuSeconds(components);
        var watch = Stopwatch.StartNew();
        (BatchOutcome Outcome, double Seconds)[] batches = await Task.WhenAll(Enumerable.Range(0, Jobs).Select(async j =>
        {
            using DeAn06Client client = info.Connect(info.Clients["BHXH-06"]);
            var job = Stopwatch.StartNew();
            BatchOutcome outcome = await BatchRun.RunAsync(client, file, BatchFormat.Csv, Path.Combine(work, $"batch-{nodes}-{j}.ndjson"), $"job {j + 1}", quiet, ct);
            return (outcome, job.Elapsed.TotalSeconds);
        }));
        double batchSeconds = watch.Elapsed.TotalSeconds;
        Dictionary<string, double> perRecord = PerUnit(before, CpuSeconds(components), (long)perJob * Jobs);
        foreach (var (outcome, _) in batches.Where(b => b.Outcome.Total != perJob || b.Outcome.Matched != scenario.Matched))
        {
            problems.Add($"batch {nodes}+{nodes}: a job gave {outcome.Matched:N0} matched of {outcome.Total:N0}, expected {scenario.Matched:N0} of {perJob:N0}");
        }

        double[] jobSeconds = [.. batches.Select(b => b.Seconds).Order()];
        Console.WriteLine($"[{nodes}+{nodes}] batch: {perJob * Jobs / batchSeconds:N0} records/s ({Jobs} jobs of {perJob:N0}, {batchSeconds:0.0} s)");
        return new ClusterFigures(nodes, realtime.RequestsPerSecond, realtime.Ok, realtime.Failed, realtime.Latency, perRequest,
            perJob * Jobs, batchSeconds, perJob * Jobs / batchSeconds, jobSeconds, perRecord);
    }

    /// <summary>The cluster's processes by component (gateway-1 and gateway-2 are both "gateway"), with PostgreSQL's server processes.</summary>
    private static Dictionary<string, int[]> Components(ClusterStack cluster)
    {
        var components = cluster.Processes.GroupBy(p => p.Name.Split('-') is [var kind, var n] && int.TryParse(n, out _) ? kind : p.Name)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ProcessId).ToArray());
        string pidFile = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(cluster.Info.CertificatesFolder)!)!, "postgresql", "data", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out int postmaster))
        {
            components["postgresql"] = [postmaster];
        }

        return components;
    }

    /// <summary>
    /// CPU seconds of each component: its processes, their children still running (PostgreSQL's
    /// backends) and those that ended (counted into the parent when reaped), from /proc.
    /// </summary>
    private static Dictionary<string, double> CpuSeconds(Dictionary<string, int[]> components)
    {
        int[] all = [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))];
        var stats = all.Select(Stat).Where(s => s is not null).Select(s => s!.Value).ToList();
        return components.ToDictionary(c => c.Key, c => c.Value.Sum(pid =>
            stats.Where(s => s.Pid == pid).Sum(s => s.Own + s.Children) + stats.Where(s => s.Parent == pid).Sum(s => s.Own)));
    }

    private static (int Pid, int Parent, double Own, double Children)? Stat(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // After the command's closing parenthesis: state ppid … utime(14) stime(15) cutime(16) cstime(17), in clock ticks (100 a second on Linux).
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double Ticks(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture) / 100.0;
            return (pid, int.Parse(f[1], CultureInfo.InvariantCulture), Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // ended while read
        }
    }

    private static Dictionary<string, double> PerUnit(Dictionary<string, double> before, Dictionary<string, double> after, long units) =>
        after.ToDictionary(a => a.Key, a => Math.Round((a.Value - before.GetValueOrDefault(a.Key)) * 1e6 / Math.Max(1, units), 1));

    private static string Report(List<ClusterFigures> runs, List<string> problems, string stamp, int seconds, int records, int connections, string clientKeys, bool quick)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Cluster load run ({stamp} UTC), {Environment.ProcessorCount} cores, loopback; clients sign with {clientKeys} keys");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Each cluster (`dean06 up --cluster`, PostgreSQL, Redis, HAProxy) started fresh, one after the other, in the same run. Real time: wrk, {connections} connections, {seconds} s through HAProxy after a warm-up. Batch: {Jobs} jobs in parallel, {records:N0} records in all, through HAProxy.");
        if (quick)
        {
            md.AppendLine();
            md.AppendLine("Quick form: a few seconds right after start-up check that the run works; the figures are not speed figures.");
        }

        md.AppendLine();
        md.AppendLine("| gateways + verifiers | real time req/s | p50 ms | p99 ms | failed | batch records/s | batch s | job s (p50 / p99) |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (ClusterFigures r in runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Nodes} + {r.Nodes} | {r.RequestsPerSecond:N0} | {r.Latency.P50:0.00} | {r.Latency.P99:0.00} | {r.Failed:N0} | {r.RecordsPerSecond:N0} | {r.BatchSeconds:0.0} | {Percentile(r.JobSeconds, 50):0.0} / {Percentile(r.JobSeconds, 99):0.0} |");
        }

        md.AppendLine();
        md.AppendLine("Where the time goes: CPU µs per real-time request, then per batch record, by component (all its processes; PostgreSQL with its server processes).");
        md.AppendLine();
        string[] names = [.. runs.SelectMany(r => r.CpuPerRequestUs.Keys).Distinct().Order(StringComparer.Ordinal)];
        md.AppendLine($"| gateways + verifiers | {string.Join(" | ", names)} |");
        md.AppendLine($"| --- |{string.Concat(names.Select(_ => " --- |"))}");
        foreach (ClusterFigures r in runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Nodes} + {r.Nodes}, per request | {string.Join(" | ", names.Select(n => r.CpuPerRequestUs.GetValueOrDefault(n).ToString("0", CultureInfo.InvariantCulture)))} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Nodes} + {r.Nodes}, per record | {string.Join(" | ", names.Select(n => r.CpuPerRecordUs.GetValueOrDefault(n).ToString("0.0", CultureInfo.InvariantCulture)))} |");
        }

        if (runs.Count == 2)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"2 + 2 against 1 + 1: real time ×{runs[1].RequestsPerSecond / Math.Max(1, runs[0].RequestsPerSecond):0.00}, batch ×{runs[1].RecordsPerSecond / Math.Max(1, runs[0].RecordsPerSecond):0.00}. " +
                $"All processes share these {Environment.ProcessorCount} cores, so a second node of each kind adds processes, not cores: what scales is what a node's CPU per request allows (docs/scaling.md).");
        }

        md.AppendLine(problems.Count == 0 ? "\nCorrectness: every request answered 2xx, every job complete with the expected verdicts." : "\nProblems:\n" + string.Concat(problems.Select(p => $"- {p}\n")));
        return md.ToString();
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>One cluster's figures.</summary>
internal sealed record ClusterFigures(int Nodes, double RequestsPerSecond, long Ok, long Failed, LatencyMs Latency, IReadOnlyDictionary<string, double> CpuPerRequestUs,
    long Records, double BatchSeconds, double RecordsPerSecond, double[] JobSeconds, IReadOnlyDictionary<string, double> CpuPerRecordUs);
