using System.Diagnostics;
using DeAn06.Matching.Comparison;
using DeAn06.Matching.Decisions;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Policies;
using DeAn06.Matching.Records;
using DeAn06.Verification.Storage;
using DeAn06.Verification.Upstream;
using DeAn06.Verification.Verification;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Batch;

/// <summary>
/// Works through queued and interrupted jobs, one chunk at a time. Each chunk's results, its counts
/// and the job's cursor commit in one transaction, so after a crash the job resumes at the first
/// unprocessed line: no record lost, none counted twice. When the population DB is unavailable the
/// chunk waits and is retried; nothing is recorded as UPSTREAM_UNAVAILABLE in a batch.
/// </summary>
internal sealed partial class JobWorker(
    IJobStore store,
    Verifier verifier,
    JobSignal signal,
    JobProgress progress,
    BatchTracing tracing,
    Metrics.VerificationMetrics metrics,
    IOptions<BatchOptions> options,
    IOptions<MatchingOptions> matching,
    TimeProvider time,
    ILogger<JobWorker> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host accepts requests: anything still "uploading" was cut off by a crash.
        await store.RemoveInterruptedUploadsAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                IReadOnlyList<JobRecord> jobs = await store.RunnableJobsAsync(stoppingToken);
                foreach (JobRecord job in jobs)
                {
                    await RunAsync(job, stoppingToken);
                }

                if (jobs.Count == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWorkerError(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    internal async Task RunAsync(JobRecord job, CancellationToken ct)
    {
        MatchPolicy policy = matching.Value.PolicyFor(job.Sector);
        policy = policy.Name == job.Policy ? policy : MatchPolicies.BuiltIn.GetValueOrDefault(job.Policy) ?? policy;
        progress.Started(job.Id, job.Processed);
        LogJobStarted(logger, job.Id, job.Processed, job.Total);
        using var deleted = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Two chunks in flight: while one chunk's results commit, the next is read and looked up.
        Task<Checked> pending = CheckAsync(job, policy, job.LastLine, deleted.Token);
        while (true)
        {
            Checked current = await pending;
            if (current.Records.Count == 0)
            {
                break;
            }

            pending = CheckAsync(job, policy, current.Records[^1].Line, deleted.Token);
            if (!await CommitAsync(job, current, ct))
            {
                // Its owner deleted it while it ran: stop checking, and keep nothing of it.
                await deleted.CancelAsync();
                try
                {
                    await pending;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }

                progress.Finished(job.Id);
                tracing.Finished(job.Id);
                LogJobDeleted(logger, job.Id);
                return;
            }
        }

        await store.SetStatusAsync(job.Number, JobStatus.Completed, null, ct);
        progress.Finished(job.Id);
        tracing.Finished(job.Id);
        LogJobCompleted(logger, job.Id);
    }

    private async Task<Checked> CheckAsync(JobRecord job, MatchPolicy policy, long afterLine, CancellationToken ct)
    {
        IReadOnlyList<InputRecord> chunk = await store.ReadRecordsAsync(job.Number, afterLine, options.Value.ChunkSize, ct);
        if (chunk.Count == 0)
        {
            return new Checked(chunk, []);
        }

        using Activity? activity = tracing.StartChunk(job.Id, afterLine);

        var records = new SectorRecord[chunk.Count];
        for (int i = 0; i < chunk.Count; i++)
        {
            records[i] = new SectorRecord(chunk[i].Id, chunk[i].Name, chunk[i].BirthDate, chunk[i].Gender);
        }

        return new Checked(chunk, await VerifyPatientlyAsync(job, records, policy, ct));
    }

    private async Task<bool> CommitAsync(JobRecord job, Checked c, CancellationToken ct)
    {
        var results = new ResultRow[c.Records.Count];
        var counts = new Dictionary<StatisticsKey, long>();
        string day = SqliteStore.Day(time.GetUtcNow());
        for (int i = 0; i < results.Length; i++)
        {
            InputRecord input = c.Records[i];
            Verifier.Outcome outcome = c.Outcomes[i];
            MatchDecision d = outcome.Decision;
            string verdict = outcome.VerdictName;
            string? candidates = outcome.Candidates is { Count: > 0 }
                ? System.Text.Json.JsonSerializer.Serialize(outcome.MaskedCandidates(), ResultJsonContext.Relaxed.IReadOnlyListCandidateResult)
                : null;
            results[i] = new ResultRow(input.Line, verdict, d.IdCheck.IsValid ? PersonalId.Mask(d.IdCheck.Value, d.IdCheck.Kind) : null,
                Level(d, d.Comparison.Name), Level(d, d.Comparison.BirthDate), Level(d, d.Comparison.Gender), Level(d, d.Comparison.Cmnd),
                d.Differing, d.IdCheck.BrokenRule, d.Score, input.Reference, candidates,
                new FieldScores(d.Comparison.Name.Score, d.Comparison.BirthDate.Score, d.Comparison.Gender.Score, d.Comparison.Cmnd.Score));
            var key = new StatisticsKey(job.Sector, job.Province, day, job.Id, verdict);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        if (!await store.CommitResultsAsync(job.Number, results, counts, c.Records[^1].Line, ct))
        {
            return false;
        }

        foreach (var (key, n) in counts)
        {
            metrics.Batch(job.Sector, key.Verdict, n);
        }

        return true;
    }

    private async Task<Verifier.Outcome[]> VerifyPatientlyAsync(JobRecord job, SectorRecord[] records, MatchPolicy policy, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                Verifier.Outcome[] outcomes = await verifier.VerifyAsync(records, policy, batch: true, withCandidates: options.Value.ProposeCandidates, ct);
                progress.Waiting(job.Id, false);
                return outcomes;
            }
            catch (UpstreamUnavailableException ex)
            {
                progress.Waiting(job.Id, true);
                TimeSpan pause = ex.RetryAfter is { } after && after > TimeSpan.Zero ? after : options.Value.UpstreamPause;
                LogUpstreamWait(logger, job.Id, pause.TotalSeconds, ex.Message);
                await Task.Delay(pause, time, ct);
            }
        }
    }

    private sealed record Checked(IReadOnlyList<InputRecord> Records, Verifier.Outcome[] Outcomes);

    private static MatchLevel? Level(in MatchDecision d, FieldComparison f) =>
        d.Verdict is Verdict.Match or Verdict.Mismatch or Verdict.Deceased ? f.Level : null;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Job {Job} running from record {Processed} of {Total}")]
    private static partial void LogJobStarted(ILogger logger, string job, long processed, long total);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {Job} completed")]
    private static partial void LogJobCompleted(ILogger logger, string job);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Job {Job} was deleted by its owner while it ran; stopped")]
    private static partial void LogJobDeleted(ILogger logger, string job);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Job {Job} waits {Seconds:F1} s for the population DB: {Reason}")]
    private static partial void LogUpstreamWait(ILogger logger, string job, double seconds, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Batch worker error; retrying")]
    private static partial void LogWorkerError(ILogger logger, Exception exception);
}
