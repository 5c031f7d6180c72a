using System.Collections.Concurrent;
using DeAn06.Verification.Storage;

namespace DeAn06.Verification.Statistics;

/// <summary>
/// Counts real-time verdicts in memory and writes them in one transaction every half second (and on
/// shutdown), so a burst of 1,000 requests a second costs two writes, not a thousand.
/// </summary>
internal sealed partial class StatisticsRecorder(IStatisticsStore store, TimeProvider time, Metrics.VerificationMetrics metrics, ILogger<StatisticsRecorder> logger) : BackgroundService
{
    private ConcurrentDictionary<StatisticsKey, long> _pending = new();

    public void Record(string sector, string province, string verdict)
    {
        var key = new StatisticsKey(sector, province, SqliteStore.Day(time.GetUtcNow()), "realtime", verdict);
        _pending.AddOrUpdate(key, 1, static (_, n) => n + 1);
        metrics.Realtime(sector, verdict);
    }

    /// <summary>Writes what is pending now (tests, shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        ConcurrentDictionary<StatisticsKey, long> batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<StatisticsKey, long>());
        if (batch.IsEmpty)
        {
            return;
        }

        try
        {
            await store.AddAsync(batch, ct);
        }
        catch
        {
            foreach (var (key, n) in batch)
            {
                _pending.AddOrUpdate(key, n, (_, existing) => existing + n); // keep the counts for the next flush
            }

            throw;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogFlushFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping; StopAsync flushes the rest.
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Writing real-time statistics failed; will retry")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
