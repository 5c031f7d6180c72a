using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Apis;

public sealed class MetricsTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    [Fact]
    public async Task Metrics_NotFromLoopback_403()
    {
        using HttpClient client = factory.CreateClient();
        await HttpAssert.ProblemAsync(await client.GetAsync("/metrics"), 403, "ACCESS_DENIED");
    }
}
