using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DeAn06.Verification.Storage;

/// <summary>
/// Ready while the job store answers a query (the gateway probes this every few seconds; one indexed
/// read of a single row). A store that cannot be read makes the service not ready, so the gateway
/// stops sending it work, instead of every call failing on it.
/// </summary>
internal sealed class StorageReadyCheck(IJobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.RecentJobsAsync(1, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy("The job store cannot be read; see the service's log.", ex);
        }
    }
}
