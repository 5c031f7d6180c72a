namespace DeAn06.Gateway.Quotas;

/// <summary>
/// Batch jobs a consumer may submit per day (Vietnam time). A submission reserves one of the day's
/// jobs before its upload is forwarded (check and count in one step in the <see cref="IBatchQuotaStore"/>,
/// so parallel submissions cannot all pass the check) and gives it back unless the upstream accepts the
/// job (202). The reservation gives back to the day it was taken from, even after midnight.
/// </summary>
internal sealed class BatchQuota(IBatchQuotaStore store, TimeProvider time)
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>Jobs accepted or reserved today.</summary>
    public ValueTask<int> UsedAsync(string client, CancellationToken ct = default) => store.UsedAsync(client, Today(), ct);

    /// <summary>Takes one of today's jobs for <paramref name="client"/>, or null when all <paramref name="limit"/> are taken.</summary>
    public async ValueTask<QuotaReservation?> TryReserveAsync(string client, int limit, CancellationToken ct = default)
    {
        DateOnly today = Today();
        return await store.TryTakeAsync(client, today, limit, ct) ? new QuotaReservation(store, client, today) : null;
    }

    /// <summary>Until the next local midnight, when the quota renews.</summary>
    public TimeSpan UntilRenewal()
    {
        DateTimeOffset now = time.GetUtcNow().ToOffset(Vietnam);
        return new DateTimeOffset(now.Date.AddDays(1), Vietnam) - now;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Vietnam).DateTime);
}
