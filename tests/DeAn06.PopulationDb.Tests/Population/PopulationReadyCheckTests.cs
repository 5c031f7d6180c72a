using DeAn06.PopulationDb.Population;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeAn06.PopulationDb.Tests.Population;

public sealed class PopulationReadyCheckTests
{
    [Fact]
    public async Task CheckHealth_PopulationStillGenerating_UnhealthyWithPopulationLoadingCode()
    {
        var holder = new PopulationHolder(Options.Create(new PopulationOptions()), NullLogger<PopulationHolder>.Instance);

        HealthCheckResult result = await new PopulationReadyCheck(holder).CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("POPULATION_LOADING", result.Data["code"]);
    }
}
