using System.Diagnostics;
using System.Text.RegularExpressions;
using DeAn06.Testing;

namespace DeAn06.Cli.Tests.Stub;

/// <summary>
/// 'dean06 stub' as a process (2,000 citizens, seed 7, 50 of them stubbed, mappings written out), the
/// real simulator with the same population, and a verification service whose upstream is the stub.
/// </summary>
public sealed partial class StubFixture : IAsyncLifetime
{
    public const ulong Seed = 7;
    public const int Size = 2000;
    public const int Citizens = 50;
    public const string GatewaySecret = "stub-tests-gateway-secret-0123456789";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dean06-tests", "stub-" + Guid.NewGuid().ToString("N")[..8]);

    public ServiceProcess Stub { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public ServiceProcess Verification { get; private set; } = null!;

    public Uri StubAddress { get; private set; } = null!;

    public string AdminKey { get; private set; } = null!;

    public string MappingsFolder => Path.Combine(_folder, "mappings");

    public async Task InitializeAsync()
    {
        Stub = ServiceProcess.Launch("dean06", ["stub", "--port", "0", "--size", $"{Size}", "--seed", $"{Seed}", "--citizens", $"{Citizens}", "--mappings-out", MappingsFolder]);
        Simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb", [$"--Population:Size={Size}", $"--Population:Seed={Seed}"]);

        var deadline = Stopwatch.StartNew();
        while (!Stub.Output.Contains("Running.", StringComparison.Ordinal))
        {
            if (Stub.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"dean06 stub did not start:\n{Stub.Output}");
            }

            await Task.Delay(100);
        }

        StubAddress = new Uri(AddressRegex().Match(Stub.Output).Groups[1].Value);
        AdminKey = KeyRegex().Match(Stub.Output).Groups[1].Value;
        Verification = await ServiceProcess.StartAsync("DeAn06.Verification",
            [$"--Upstream:BaseAddress={StubAddress}", $"--Callers:GatewaySecret={GatewaySecret}", $"--Storage:SqlitePath={Path.Combine(_folder, "verification.db")}"]);
    }

    public async Task DisposeAsync()
    {
        if (Verification is not null)
        {
            await Verification.DisposeAsync();
        }

        await Simulator.DisposeAsync();
        await Stub.DisposeAsync();
    }

    [GeneratedRegex(@"stub \(WireMock\.Net\) at (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex AddressRegex();

    [GeneratedRegex(@"user dean06\s+key (\S+)")]
    private static partial Regex KeyRegex();
}
