using DeAn06.Cli.Stack;

namespace DeAn06.Cli.Tests.Stack;

/// <summary>The cluster's shape: options, the same settings from the environment, and their limits.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void FromEnvironment_Nothing_TwoAndTwoOwnEngines()
    {
        ClusterOptions options = ClusterOptions.FromEnvironment(_ => null).Validated();
        Assert.Equal((2, 2), (options.Gateways, options.Verifiers));
        Assert.Null(options.PostgreSqlConnectionString);
        Assert.Null(options.RedisConnectionString);
        Assert.Null(options.MessageLogConnectionString);
    }

    [Fact]
    public void FromEnvironment_KeysSet_CountsAndExistingEngines()
    {
        var environment = new Dictionary<string, string>
        {
            ["Cluster__Gateways"] = "3", ["Cluster__Verifiers"] = "4",
            ["ConnectionStrings__Verification"] = "Host=db;Database=dean06", ["ConnectionStrings__Redis"] = "cache:6379",
            ["ConnectionStrings__MessageLog"] = "Host=db;Database=log",
        };
        ClusterOptions options = ClusterOptions.FromEnvironment(environment.GetValueOrDefault).Validated();
        Assert.Equal((3, 4), (options.Gateways, options.Verifiers));
        Assert.Equal("Host=db;Database=dean06", options.PostgreSqlConnectionString);
        Assert.Equal("cache:6379", options.RedisConnectionString);
        Assert.Equal("Host=db;Database=log", options.MessageLogConnectionString);
    }

    [Theory]
    [InlineData(0, 2, "--gateways (Cluster:Gateways) must be between 1 and 16 (got 0).")]
    [InlineData(2, 17, "--verifiers (Cluster:Verifiers) must be between 1 and 16 (got 17).")]
    public void Validated_OutOfRange_Exit2NamingOptionAndKey(int gateways, int verifiers, string message)
    {
        var e = Assert.Throws<CliException>(() => new ClusterOptions { Gateways = gateways, Verifiers = verifiers }.Validated());
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void FromEnvironment_NotANumber_Exit2()
    {
        var e = Assert.Throws<CliException>(() => ClusterOptions.FromEnvironment(name => name == "Cluster__Gateways" ? "two" : null));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal("Cluster__Gateways must be a whole number (got 'two').", e.Message);
    }

    [Fact]
    public async Task Up_GatewaysWithoutCluster_Exit2BeforeAnythingStarts()
    {
        Support.CliResult r = await Support.CliResult.RunAsync("up", "--gateways", "3", "--data", Path.Combine(Path.GetTempPath(), "dean06-tests", "no-cluster-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--gateways and --verifiers apply only with --cluster.", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void HaProxyConfig_TwoGateways_HealthChecksEachOnLoopback()
    {
        string config = HaProxy.Config(7000, 7003, [new Uri("http://127.0.0.1:7010/"), new Uri("http://127.0.0.1:7011/")]);
        Assert.Contains("bind 127.0.0.1:7000", config, StringComparison.Ordinal);
        Assert.Contains("option httpchk GET /health/ready", config, StringComparison.Ordinal);
        Assert.Contains("server gateway-1 127.0.0.1:7010 check", config, StringComparison.Ordinal);
        Assert.Contains("server gateway-2 127.0.0.1:7011 check", config, StringComparison.Ordinal);
        Assert.DoesNotContain("bind *", config, StringComparison.Ordinal);
    }
}
