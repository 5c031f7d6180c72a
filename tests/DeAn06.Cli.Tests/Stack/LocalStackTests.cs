using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DeAn06.Cli.Stack;
using DeAn06.Cli.Tests.Support;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Cli.Tests.Stack;

/// <summary>A stack stopped and started again on the same data folder: what it keeps, and what it never shows.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // reads /proc and Unix file modes
public sealed partial class LocalStackTests
{
    private const int Size = 20_000;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dean06-tests", "restart-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task StartAsync_SameFolderAfterStop_KeepsLogChainSecretsAndResumesTheJob()
    {
        Directory.CreateDirectory(_data);
        string records = Path.Combine(_data, "records.csv");
        CitizenStore population = PopulationGenerator.Generate(PopulationOptions.DefaultSeed, Size, new DateOnly(2024, 7, 1));
        long total = DeAn06.SectorData.SectorDatasetWriter.Write(DeAn06.SectorData.Scenarios.Scenarios.Find("backan-bhxh-2024-07")!.Scaled(6), population,
            records, Path.Combine(_data, "truth.csv"));
        byte[] file = await File.ReadAllBytesAsync(records);

        string jobId, secret, messageLog;
        await using (LocalStack first = await LocalStack.StartAsync(RepoLayout.Find(), _data, Size, StackFixture.FreePortBase(), _ => { }, CancellationToken.None))
        {
            AssertNoSecretOnACommandLine(first);
            secret = first.Info.Clients["BHXH-06"].Secret;
            messageLog = first.Info.MessageLogPath;
            using DeAn06Client client = first.Info.Connect(first.Info.Clients["BHXH-06"]);
            jobId = (await client.SubmitBatchAsync(file, BatchFormat.Csv)).JobId;
            Assert.NotEqual("Completed", (await client.GetJobAsync(jobId)).Status); // stopped while it runs: the restart must resume it
        }

        long entriesBefore = await IntactEntriesAsync(messageLog);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, StackInfo.FileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_data, "run")));

        // Without --size on the command line, dean06 reuses the stored one; a different one is refused before anything starts.
        var refused = await Assert.ThrowsAsync<CliException>(() => LocalStack.StartAsync(RepoLayout.Find(), _data, 30_000, StackFixture.FreePortBase(), _ => { }, CancellationToken.None));
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);

        await using (LocalStack second = await LocalStack.StartAsync(RepoLayout.Find(), _data, Size, StackFixture.FreePortBase(), _ => { }, CancellationToken.None))
        {
            Assert.Equal(secret, second.Info.Clients["BHXH-06"].Secret);
            using DeAn06Client client = second.Info.Connect(second.Info.Clients["BHXH-06"]); // the same secret gets a token from the restarted gateway
            JobStatusResponse done = await UntilFinishedAsync(client, jobId);
            Assert.Equal("Completed", done.Status);
            Assert.Equal(total, done.Total + done.Rejected);
            Assert.Equal(done.Total, done.Counts.Values.Sum()); // resumed, none counted twice
            using var results = new MemoryStream();
            await client.DownloadResultsAsync(jobId, results);
            Assert.Equal(total, Encoding.UTF8.GetString(results.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        // One chain across both runs: the first run's entries are still there, the second's follow them.
        Assert.True(await IntactEntriesAsync(messageLog) > entriesBefore);
    }

    [Fact]
    public async Task StartAsync_ForOneCommand_ServicesRunWithoutTieredCompilation()
    {
        string expected = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "0"; // a caller's own setting wins
        await using LocalStack stack = await LocalStack.StartAsync(RepoLayout.Find(), _data, 1_000, StackFixture.FreePortBase(), _ => { }, CancellationToken.None,
            oneCommand: true);

        Assert.Equal(4, stack.Processes.Count);
        Assert.All(stack.Processes, p => Assert.Contains($"\0DOTNET_TieredCompilation={expected}\0", "\0" + File.ReadAllText($"/proc/{p.ProcessId}/environ"), StringComparison.Ordinal));
    }

    [Fact]
    public void OneCommandRuntime_TieredCompilationOffUnlessTheCallerSetIt()
    {
        Assert.Equal([new("DOTNET_TieredCompilation", "0")], LocalStack.OneCommandRuntime(_ => null));
        Assert.Empty(LocalStack.OneCommandRuntime(name => name == "DOTNET_TieredCompilation" ? "1" : null));
    }

    [Fact]
    public void Acquire_FolderInUse_Exit3NamesTheFolder()
    {
        using StackDataFolder held = StackDataFolder.Acquire(_data);
        var e = Assert.Throws<CliException>(() => StackDataFolder.Acquire(_data));
        Assert.Equal(ExitCodes.Unavailable, e.ExitCode);
        Assert.Contains(Path.GetFullPath(_data), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpReset_FolderOfARunningStack_Exit3AndNothingDeleted()
    {
        using StackDataFolder running = StackDataFolder.Acquire(_data);
        string db = Path.Combine(running.PrepareRun(), "verification.db");
        File.WriteAllText(db, "jobs");

        CliResult r = await CliResult.RunAsync("--data", _data, "--port-base", StackFixture.FreePortBase().ToString(CultureInfo.InvariantCulture), "up", "--reset");

        Assert.Equal(ExitCodes.Unavailable, r.ExitCode);
        Assert.Contains("in use by another dean06 stack", r.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(db));
    }

    [Fact]
    public void Reset_StackFilesAndNothingElse_NamesEachPathBeforeDeleting()
    {
        using StackDataFolder folder = StackDataFolder.Acquire(_data);
        folder.PrepareRun();
        File.WriteAllText(Path.Combine(folder.Run, "verification.db"), "x");
        File.WriteAllText(Path.Combine(_data, StackInfo.FileName), "{}");
        Directory.CreateDirectory(Path.Combine(_data, "scenarios"));
        File.WriteAllText(Path.Combine(_data, "notes.txt"), "mine");

        var said = new List<string>();
        folder.Reset(said.Add);

        Assert.Equal([folder.Run, Path.Combine(_data, StackInfo.FileName)], said);
        Assert.False(Directory.Exists(folder.Run));
        Assert.False(File.Exists(Path.Combine(_data, StackInfo.FileName)));
        Assert.True(File.Exists(Path.Combine(_data, "notes.txt")));
        Assert.True(Directory.Exists(Path.Combine(_data, "scenarios")));
    }

    private static void AssertNoSecretOnACommandLine(LocalStack stack)
    {
        string[] secrets = [stack.Info.UpstreamSecret!, .. stack.Info.Clients.Values.Select(c => c.Secret)];
        Assert.Equal(4, stack.Processes.Count); // the TSA, the simulator, the verification service, the gateway
        foreach (var (name, pid) in stack.Processes)
        {
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            Assert.All(secrets, s => Assert.DoesNotContain(s, commandLine, StringComparison.Ordinal));
            Assert.DoesNotContain("Secret", commandLine, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("pbkdf2", commandLine, StringComparison.Ordinal);
            Assert.DoesNotContain("Admin:Key", commandLine, StringComparison.Ordinal);
            if (name is not ("population-db" or "timestamping"))
            {
                // Where they went instead: the environment, which only this user can read.
                Assert.Contains(stack.Info.UpstreamSecret!, File.ReadAllText($"/proc/{pid}/environ"), StringComparison.Ordinal);
            }
        }
    }

    private static async Task<JobStatusResponse> UntilFinishedAsync(DeAn06Client client, string jobId)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            JobStatusResponse status = await client.GetJobAsync(jobId);
            if (status.Status is "Completed" or "Failed" || watch.Elapsed > TimeSpan.FromMinutes(3))
            {
                return status;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<long> IntactEntriesAsync(string messageLog)
    {
        CliResult audit = await CliResult.RunAsync("audit", "verify", messageLog);
        Assert.True(audit.ExitCode == 0, audit.ToString());
        return long.Parse(Intact().Match(audit.Output).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"intact: ([0-9,]+?) entries")]
    private static partial Regex Intact();
}
