using DeAn06.Verification.Storage;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Batch;

/// <summary>
/// Erases the submitted records (full ID, name, birth date, gender) of jobs finished longer ago than
/// <see cref="BatchOptions.PersonalDataRetention"/> (Nghị định 13/2023: kept no longer than needed).
/// Nothing reads them once a job has finished: its results hold masked IDs and verdicts only.
/// </summary>
internal sealed partial class PersonalDataPurge(IJobStore store, IOptions<BatchOptions> options, TimeProvider time, ILogger<PersonalDataPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PersonalDataPurgeInterval, time);
        try
        {
            do
            {
                try
                {
                    await PurgeAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPurgeFailed(logger, ex); // the next tick tries again
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: erases what is due now; returns the number of jobs erased.</summary>
    internal async Task<int> PurgeAsync(CancellationToken ct)
    {
        int jobs = await store.PurgeRecordsAsync(time.GetUtcNow() - options.Value.PersonalDataRetention, ct);
        if (jobs > 0)
        {
            LogPurged(logger, jobs, options.Value.PersonalDataRetention.TotalDays);
        }

        return jobs;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Erased the submitted records of {Jobs} job(s) finished more than {Days:0.##} day(s) ago")]
    private static partial void LogPurged(ILogger logger, int jobs, double days);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Erasing finished jobs' submitted records failed; will retry")]
    private static partial void LogPurgeFailed(ILogger logger, Exception exception);
}
