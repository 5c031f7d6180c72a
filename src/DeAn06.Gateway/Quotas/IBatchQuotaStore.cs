namespace DeAn06.Gateway.Quotas;

/// <summary>
/// Where the consumers' daily batch-job counts are kept: in this process (each gateway counts alone,
/// the embedded default) or in PostgreSQL (one count per consumer and day for every gateway of a cluster).
/// </summary>
internal interface IBatchQuotaStore
{
    /// <summary>
    /// Counts one job for <paramref name="client"/> on <paramref name="day"/> if fewer than
    /// <paramref name="limit"/> are counted, check and count in one atomic step; false when all are taken.
    /// </summary>
    ValueTask<bool> TryTakeAsync(string client, DateOnly day, int limit, CancellationToken ct);

    /// <summary>Uncounts one job taken on <paramref name="day"/> (the upstream did not accept it).</summary>
    ValueTask GiveBackAsync(string client, DateOnly day, CancellationToken ct);

    /// <summary>Jobs counted (accepted or still uploading) for <paramref name="client"/> on <paramref name="day"/>.</summary>
    ValueTask<int> UsedAsync(string client, DateOnly day, CancellationToken ct);
}
