using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeAn06.Verification.Storage;

/// <summary>
/// Ready once the host serves: the job worker opens the store (creating its schema) before the host
/// accepts requests, so a store that cannot open stops start-up instead of answering "ready".
/// Resolving the store here keeps the probe honest should that order ever change.
/// </summary>
internal sealed class StorageReadyCheck(SqliteStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store is null ? HealthCheckResult.Unhealthy("The job store is not open.") : HealthCheckResult.Healthy());
}
