namespace DeAn06.Verification.Storage;

/// <summary>Match counts by sector, province, day, source and verdict.</summary>
public interface IStatisticsStore
{
    Task AddAsync(IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct);

    Task<IReadOnlyList<StatisticsRow>> QueryAsync(StatisticsFilter filter, CancellationToken ct);
}
