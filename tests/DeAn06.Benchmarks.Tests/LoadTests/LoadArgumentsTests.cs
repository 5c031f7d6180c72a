using DeAn06.LoadTests;

namespace DeAn06.Benchmarks.Tests.LoadTests;

/// <summary>The load runner's command line: what build.sh, build/test.sh and the docs run is accepted, anything else refused before a stack starts.</summary>
public sealed class LoadArgumentsTests
{
    [Theory]
    // build.sh load (no profile), build/test.sh, and the invocations in docs/benchmarks.md and docs/operations.md.
    [InlineData("")]
    [InlineData("quick --out /repo/.artifacts/load")]
    [InlineData("full")]
    [InlineData("throughput --rounds 4 --client-keys rsa2048")]
    [InlineData("throughput --client-keys p256 --rounds 3 --baseline-gateway /main/DeAn06.Gateway.dll --with-unsigned")]
    [InlineData("throughput --hold 120 --port-base 41000")]
    [InlineData("latency --rounds 4 --baseline-gateway /main/DeAn06.Gateway.dll")]
    [InlineData("allocations --rounds 3 --seconds 5 --lead 4.5 --baseline-gateway /b.dll --dotnet-counters /tools/dotnet-counters --hold 30")]
    [InlineData("cluster")]
    [InlineData("cluster --quick --seconds 3 --records 4000 --connections 32 --out /tmp/load --client-keys p256")]
    [InlineData("--out /tmp/load quick")]
    public void Parse_InvocationsInUse_Accepted(string line)
    {
        var (arguments, error) = LoadArguments.Parse(Split(line));

        Assert.Null(error);
        Assert.NotNull(arguments);
        Assert.False(arguments.Help);
    }

    [Fact]
    public void Parse_ProfileAndOptions_AsGiven()
    {
        var (arguments, _) = LoadArguments.Parse(Split("throughput --rounds 3 --with-unsigned --baseline-gateway /b.dll"));

        Assert.Equal("throughput", arguments!.Profile);
        Assert.Equal("3", arguments.Option("--rounds"));
        Assert.Equal("/b.dll", arguments.Option("--baseline-gateway"));
        Assert.True(arguments.Flag("--with-unsigned"));
        Assert.Null(arguments.Option("--hold"));
        Assert.Equal("quick", LoadArguments.Parse([]).Arguments!.Profile);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("throughput --rounds x --help")]
    public void Parse_Help_HelpInsteadOfARun(string line)
    {
        var (arguments, error) = LoadArguments.Parse(Split(line));

        Assert.Null(error);
        Assert.True(arguments!.Help);
        Assert.StartsWith("Usage: DeAn06.LoadTests [quick|full|throughput|latency|allocations|cluster]", LoadArguments.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bogus", "unknown profile or argument 'bogus' (profiles: quick, full, throughput, latency, allocations, cluster)")]
    [InlineData("quick --frob", "unknown option --frob")]
    [InlineData("--rounds x", "option --rounds does not apply to the quick profile")]
    [InlineData("throughput --rounds x", "option --rounds takes a whole number ≥ 1, not 'x'")]
    [InlineData("throughput --rounds 0", "option --rounds takes a whole number ≥ 1, not '0'")]
    [InlineData("throughput --rounds", "option --rounds needs a value")]
    [InlineData("throughput --rounds 2 --rounds 3", "option --rounds given twice")]
    [InlineData("allocations --lead soon", "option --lead takes a number of seconds > 0, not 'soon'")]
    [InlineData("quick --port-base 70000", "option --port-base takes a port 1–65533 (three ports from it), not '70000'")]
    [InlineData("quick --client-keys rsa4096", "option --client-keys takes rsa2048 or p256, not 'rsa4096'")]
    [InlineData("quick full", "two profiles given: 'quick' and 'full'")]
    [InlineData("cluster --port-base 41000", "option --port-base does not apply to the cluster profile")]
    [InlineData("latency --with-unsigned", "option --with-unsigned does not apply to the latency profile")]
    public void Parse_WrongArgument_OneLineNamingIt(string line, string expected)
    {
        var (arguments, error) = LoadArguments.Parse(Split(line));

        Assert.Null(arguments);
        Assert.Equal(expected, error);
    }

    private static string[] Split(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
