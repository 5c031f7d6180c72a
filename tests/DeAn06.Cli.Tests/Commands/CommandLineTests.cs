using DeAn06.Cli.Commands;
using DeAn06.Cli.Stack;
using DeAn06.Cli.Tests.Support;
using Spectre.Console;

namespace DeAn06.Cli.Tests.Commands;

/// <summary>dean06's command line without a stack: messages a person can act on, hints naming the right command, options where they apply.</summary>
public sealed class CommandLineTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dean06-tests", "cmdline-" + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [InlineData("unknown command 'run'; commands: up, demo, scenario, verify, report, evaluate, stub, keys, audit (see 'dean06 --help')", "run")]
    [InlineData("unknown command 'init'; commands: up, demo, scenario, verify, report, evaluate, stub, keys, audit (see 'dean06 --help')", "init")]
    [InlineData("unknown command 'start' for 'dean06 scenario'; commands: list, run (see 'dean06 scenario --help')", "scenario", "start")]
    [InlineData("'dean06 scenario' needs a command: list, run (see 'dean06 scenario --help')", "scenario")]
    [InlineData("--scale must be a whole number (got 'abc') (see 'dean06 scenario run --help')", "scenario", "run", "backan-bhxh-2024-07", "--scale", "abc")]
    [InlineData("--port-base must be a whole number (got 'x') (see 'dean06 up --help')", "up", "--port-base", "x")]
    [InlineData("'dean06 keys init' needs <folder> <clients> (see 'dean06 keys init --help')", "keys", "init")]
    [InlineData("unknown option '--bogus' (see 'dean06 scenario run --help')", "scenario", "run", "x", "--bogus")]
    [InlineData("--size does not apply to 'dean06 keys init' (see 'dean06 keys init --help')", "--size", "5000", "keys", "init", "k", "A")]
    public async Task BadArguments_OneLineNamingTheProblemAndTheRightHelp_Exit2(string expected, params string[] args)
    {
        CliResult r = await CliResult.RunAsync(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("dean06: " + expected, r.Error.Trim());
    }

    [Fact]
    public async Task KeysInitHelp_ClientKeysOnceAndNoStackOptions()
    {
        CliResult r = await CliResult.RunAsync("keys", "init", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.Single(r.Output.Split('\n'), l => l.TrimStart().StartsWith("--client-keys", StringComparison.Ordinal));
        Assert.DoesNotContain("--port-base", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--data", r.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "report" }, new[] { "--data" }, new[] { "--size", "--port-base", "--client-keys" })]
    [InlineData(new[] { "evaluate" }, new string[0], new[] { "--data", "--size", "--port-base", "--client-keys" })]
    [InlineData(new[] { "scenario", "list" }, new string[0], new[] { "--data", "--size", "--port-base", "--client-keys" })]
    [InlineData(new[] { "audit", "verify" }, new[] { "--data" }, new[] { "--size", "--port-base", "--client-keys" })]
    [InlineData(new[] { "verify" }, new[] { "--data", "--size", "--port-base", "--client-keys" }, new string[0])]
    [InlineData(new[] { "up" }, new[] { "--data", "--size", "--port-base", "--client-keys" }, new string[0])]
    public async Task Help_OptionsOnlyWhereTheyApply(string[] command, string[] listed, string[] absent)
    {
        CliResult r = await CliResult.RunAsync([.. command, "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.All(listed, o => Assert.Contains(o + " ", r.Output, StringComparison.Ordinal));
        Assert.All(absent, o => Assert.DoesNotContain(o + " ", r.Output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyHelp_DescribesTheHeaderAsTheServiceDoes()
    {
        CliResult r = await CliResult.RunAsync("verify", "--help");
        Assert.Contains(DeAn06.Contracts.Batch.BatchFileFormat.CsvHeader, r.Output, StringComparison.Ordinal);
        Assert.Contains("semicolon", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_ConnectionStringOnTheCommandLine_Exit2()
    {
        CliResult r = await CliResult.RunAsync("audit", "verify", "--connection", "Host=127.0.0.1;Username=postgres;Password=secret");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("dean06: --connection takes env:NAME or file:PATH, never the connection string itself (it may hold a password).", r.Error.Trim());
    }

    [Fact]
    public async Task AuditVerify_ConnectionFromAnUnsetVariable_Exit2FromTheGatewaysTool()
    {
        CliResult r = await CliResult.RunAsync("audit", "verify", "--connection", "env:DEAN06_TEST_NO_SUCH_VARIABLE", "--trusted-keys", "/dev/null");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("dean06: audit: the environment variable DEAN06_TEST_NO_SUCH_VARIABLE is not set", r.Error.Trim());
    }

    [Fact]
    public async Task AuditVerify_NotADatabase_Exit2WithAMessage()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "notes.db");
        await File.WriteAllTextAsync(file, "not a message log\n");
        CliResult r = await CliResult.RunAsync("audit", "verify", file, "--trusted-keys", file);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"dean06: {file} is not a message log (not an SQLite database); give the gateway's message-log.db (MessageLog:SqlitePath).", r.Error.Trim());
    }

    [Fact]
    public async Task AuditVerify_SqliteDatabaseWithoutTheLog_Exit2WithAMessage()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "other.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE notes (text TEXT)";
            cmd.ExecuteNonQuery();
        }

        using (var key = System.Security.Cryptography.ECDsa.Create())
        {
            await File.WriteAllTextAsync(Path.Combine(_folder, "seal-key.pem"), key.ExportSubjectPublicKeyInfoPem());
        }

        CliResult r = await CliResult.RunAsync("audit", "verify", file, "--trusted-keys", Path.Combine(_folder, "seal-key.pem"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith($"dean06: audit: '{file}' is not a message log", r.Error, StringComparison.Ordinal);
        Assert.Single(r.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task ScenarioList_TheSixReports_EducationByItsRate()
    {
        CliResult r = await CliResult.RunAsync("scenario", "list");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(6, DeAn06.SectorData.Scenarios.Scenarios.All.Count(s => r.Output.Contains(s.Name, StringComparison.Ordinal)));
        Assert.Contains("│ backan-giaoduc-2024-07 │ Giáo dục Bắc Kạn, 07/2024", r.Output, StringComparison.Ordinal);
        Assert.Contains("99,31 % (giả định 79.887/80.442)", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UpRender_OperatorsUrlAndSignIn()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 200;
        var info = new StackInfo(new Uri("http://127.0.0.1:5300/"), new Uri("http://127.0.0.1:5301/"), new Uri("http://127.0.0.1:5302/"), 1, 1_000_000, new DateOnly(2024, 7, 1),
            "/tmp/certs", "/tmp/run/message-log.db", new Dictionary<string, ClientInfo> { ["OPS"] = new("OPS", "s3cret-ops", "OPS", null, ["statistics"]) });
        UpCommand.Render(console, info, "/tmp/data");
        Assert.Contains("Operators' view: http://127.0.0.1:5300/ops/, sign in as OPS with the secret s3cret-ops", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1.000.000 công dân", output.ToString(), StringComparison.Ordinal);
    }
}
