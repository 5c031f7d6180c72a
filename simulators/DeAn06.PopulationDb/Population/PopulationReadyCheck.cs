using DeAn06.PopulationDb.Errors;
using DeAn06.ServiceDefaults.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeAn06.PopulationDb.Population;

/// <summary>Ready once the population exists; /health/ready then tells its size, seed and reference date.</summary>
internal sealed class PopulationReadyCheck(PopulationHolder population) : IHealthCheck
{
    private static readonly IReadOnlyDictionary<string, object> Loading = new Dictionary<string, object> { [HealthTags.ProblemCode] = ErrorCode.PopulationLoading };

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(population.Store is { } store
            ? HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["citizens"] = store.Count, ["seed"] = store.Seed, ["referenceDate"] = store.ReferenceDate })
            : HealthCheckResult.Unhealthy("The simulator is generating its population; retry in a few seconds or wait for /health/ready.", data: Loading));
}
