using System.Diagnostics;
using DeAn06.Cli.Tests.Support;

namespace DeAn06.Cli.Tests.Commands;

/// <summary>dean06's commands: exit codes and one-line messages for bad input; the commands that need a stack use the shared one.</summary>
[Collection(StackCollection.Name)]
public sealed class CommandTests(StackFixture stack)
{
    private readonly string _empty = Path.Combine(Path.GetTempPath(), "dean06-tests", "empty-" + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [InlineData("--help")]
    [InlineData("scenario", "--help")]
    [InlineData("verify", "--help")]
    [InlineData("audit", "verify", "--help")]
    public async Task Help_Everywhere_Exit0(params string[] args)
    {
        CliResult r = await CliResult.RunAsync(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Usage:", r.Output + r.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("verify")]
    [InlineData("scenario", "run", "--scale", "x", "backan-bhxh-2024-07")]
    [InlineData("report", "--format", "pdf")]
    public async Task BadArguments_OneLineOnStderr_Exit2(params string[] args)
    {
        CliResult r = await CliResult.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("dean06: ", r.Error, StringComparison.Ordinal);
        Assert.Single(r.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task ScenarioRun_Unknown_Exit2NamesTheKnownOnes()
    {
        CliResult r = await CliResult.RunAsync("--data", _empty, "scenario", "run", "hanoi-bhxh");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No scenario 'hanoi-bhxh'; known: backan-bhxh-2024-07", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoRunningStack_Exit3SaysHowToStartOne()
    {
        CliResult r = await CliResult.RunAsync("--data", _empty, "report");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("dean06 up", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_PortInUse_Exit3NamesThePort()
    {
        CliResult r = await CliResult.RunAsync("--data", _empty, "--port-base", stack.PortBase.ToString(System.Globalization.CultureInfo.InvariantCulture), "up");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"Port {stack.PortBase} on 127.0.0.1 is in use", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingFile_Exit2()
    {
        CliResult r = await stack.RunAsync("verify", Path.Combine(_empty, "nope.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("does not exist", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BadCsv_GatewayProblemCodeInOneLine_Exit1()
    {
        Directory.CreateDirectory(_empty);
        string file = Path.Combine(_empty, "bad.csv");
        await File.WriteAllTextAsync(file, "Ten,Tuoi\nAn,3\n");
        CliResult r = await stack.RunAsync("verify", file);
        Assert.Equal(1, r.ExitCode);
        Assert.Matches("^dean06: the gateway refused the call: [A-Z_]+: .+", r.Error.Trim());
    }

    [Fact]
    public async Task Verify_CsvFile_ResultsWrittenAndReportLinePrinted()
    {
        Directory.CreateDirectory(_empty);
        string file = Path.Combine(_empty, "records.csv");
        var c = stack.Living(4242);
        string born = c.BirthYearOnly ? c.BirthYear.ToString(System.Globalization.CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(file, $"MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nA1,{c.Id:D12},{c.FullName},{born},{(c.IsMale ? "Nam" : "Nữ")}\nA2,,{c.FullName},{born},{(c.IsMale ? "Nam" : "Nữ")}\n");
        CliResult r = await stack.RunAsync("verify", file, "--sector", "DATDAI");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Đất đai: 1/2 (50,00 %), còn 1: 1 chưa có số định danh cá nhân", r.Output, StringComparison.Ordinal);
        Assert.Equal(2, File.ReadAllLines(file + ".results.ndjson").Length);
    }

    [Fact]
    public async Task Verify_NdjsonScenarioFile_AsTheProvincesClient_ExactFigures()
    {
        Directory.CreateDirectory(_empty);
        var scenario = DeAn06.SectorData.Scenarios.Scenarios.Find("thanhhoa-covid-2023-09")!.Scaled(1000);
        string file = Path.Combine(_empty, "covid.ndjson");
        DeAn06.SectorData.SectorDatasetWriter.Write(scenario, stack.Population, file, Path.Combine(_empty, "covid-truth.csv"));
        CliResult r = await stack.RunAsync("verify", file, "--sector", "YTE", "--province", "38");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"Y tế Thanh Hóa: {DeAn06.Contracts.Reports.VietnameseFormat.Count(scenario.Matched)}/{DeAn06.Contracts.Reports.VietnameseFormat.Count(scenario.Total)}", r.Output, StringComparison.Ordinal);
        CliResult evaluation = await stack.RunAsync("evaluate", "--results", file + ".results.ndjson", "--truth", Path.Combine(_empty, "covid-truth.csv"));
        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
    }

    [Fact]
    public async Task Report_Markdown_FromTheRunningStack()
    {
        CliResult r = await stack.RunAsync("report", "--format", "markdown");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("# ", r.Output.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("| ", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Text_EndsWithEachNodesHealth()
    {
        CliResult r = await stack.RunAsync("report");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Nodes (2 of 2 ready):", r.Output, StringComparison.Ordinal);
        Assert.Matches($@"gateway +{System.Text.RegularExpressions.Regex.Escape(stack.Info.Gateway.ToString())} +ready \(200, \d+ ms\)", r.Output);
        Assert.Matches($@"verification +{System.Text.RegularExpressions.Regex.Escape(stack.Info.Verification.ToString())} +ready \(200, \d+ ms\)", r.Output);
    }

    [Fact]
    public async Task AuditVerify_TheStacksMessageLog_Intact()
    {
        await stack.RunAsync("scenario", "run", "thanhhoa-thue-2023-09", "--scale", "5000");
        CliResult r = await stack.RunAsync("audit", "verify", stack.Info.MessageLogPath);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("intact:", r.Output, StringComparison.Ordinal);
        Assert.Contains("TSA journal tokens for 'gateway' found", r.Output, StringComparison.Ordinal); // the stack's CA and TSA journal were used
    }

    [Fact]
    public async Task AuditVerify_NoLog_Exit2()
    {
        CliResult r = await CliResult.RunAsync("--data", _empty, "audit", "verify");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("No message log", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysInit_CreatesThenRefusesToOverwrite()
    {
        string folder = Path.Combine(_empty, "keys");
        CliResult first = await CliResult.RunAsync("keys", "init", folder, "BHXH");
        CliResult second = await CliResult.RunAsync("keys", "init", folder, "BHXH");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(Path.Combine(folder, "BHXH.key.pem")));
        Assert.NotEqual(0, second.ExitCode);
        Assert.StartsWith("dean06: ", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysInit_ClientKeysOtherThanP256OrRsa2048_UsageError()
    {
        CliResult r = await CliResult.RunAsync("keys", "init", Path.Combine(_empty, "keys-dsa"), "BHXH", "--client-keys", "dsa");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("dsa", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_ClientKeysUnknown_UsageErrorBeforeStarting()
    {
        CliResult r = await CliResult.RunAsync("up", "--data", Path.Combine(_empty, "up-dsa"), "--port-base", StackFixture.FreePortBase().ToString(System.Globalization.CultureInfo.InvariantCulture), "--client-keys", "dsa");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--client-keys must be rsa2048 or p256", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_AsAProcess_TerminationStopsAllThree()
    {
        string data = Path.Combine(_empty, "up");
        int portBase = StackFixture.FreePortBase();
        string dll = Path.Combine(AppContext.BaseDirectory, "dean06.dll");
        using Process up = Process.Start(new ProcessStartInfo("dotnet", [dll, "--data", data, "--port-base", portBase.ToString(System.Globalization.CultureInfo.InvariantCulture), "--size", "20000", "up"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Task<string> output = up.StandardOutput.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(data, "stack.json")) && watch.Elapsed < TimeSpan.FromSeconds(90) && !up.HasExited)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(Path.Combine(data, "stack.json")), "dean06 up did not write stack.json within 90 s");
        CliResult report = await CliResult.RunAsync("--data", data, "report");
        Assert.True(report.ExitCode == 0, report.ToString());

        // SIGTERM takes the same path as Ctrl+C (SIGINT) in dean06. SIGINT itself cannot be tested here:
        // a process started from a background job inherits SIGINT as ignored, and .NET keeps it so.
        using (Process.Start("kill", ["-TERM", up.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) { }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await up.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("stopping", await output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "stack.json")), "stack.json (the clients' secrets) must outlive the stack for its next start");
        Assert.Equal(3, (await CliResult.RunAsync("--data", data, "report")).ExitCode); // nothing answers any more
        Assert.All(Enumerable.Range(portBase, 4), p => Assert.True(DeAn06.Cli.Stack.LoopbackPorts.IsFree(p), $"port {p} still held"));
    }
}
