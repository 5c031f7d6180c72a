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
/// Works through queued and interrupted jobs one chunk at a time, <see cref="BatchOptions.Workers"/>
/// chunks at once. Each chunk is claimed from the store under a lease that is renewed while it is
/// checked, so several services can share one store: a chunk whose owner died is taken over once its
/// lease ends. A chunk's results, its counts and the job's progress commit in one transaction that
/// stores nothing if the chunk is already done, so no record is lost or counted twice. When the
/// population DB is unavailable the chunk waits and is retried; nothing is recorded as
/// UPSTREAM_UNAVAILABLE in a batch. When the store is unavailable the commit is retried.
/// </summary>
internal sealed partial class JobWorker(
    IJobStore store,
    ParsedChunks parsed,
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
    // Unique per process run, so a restarted service never mistakes its predecessor's leases for its own.
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the host accepts requests: uploads a crash cut off.
        await store.RemoveInterruptedUploadsAsync(options.Value.InterruptedUploadAfter, cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(1, options.Value.Workers).Select(i => LoopAsync($"{_owner}#{i}", stoppingToken)));

    private async Task LoopAsync(string owner, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (await store.ClaimChunkAsync(owner, options.Value.LeaseDuration, ct) is { } chunk)
                {
                    await RunAsync(chunk, ct);
                }
                else
                {
                    await signal.WaitAsync(options.Value.PollInterval, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store is unreachable (e.g. PostgreSQL restarting): this loop's own lease lets it claim
                // the same chunk again at once (see ClaimChunkAsync); others wait for the lease to end.
                LogWorkerError(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            }
        }
    }

    internal async Task RunAsync(ChunkLease chunk, CancellationToken ct)
    {
        JobRecord job = chunk.Job;
        MatchPolicy policy = matching.Value.PolicyFor(job.Sector);
        policy = policy.Name == job.Policy ? policy : MatchPolicies.BuiltIn.GetValueOrDefault(job.Policy) ?? policy;
        progress.Running(job.Id, job.Processed);
        LogChunkClaimed(logger, job.Id, chunk.FirstLine, chunk.LastLine);
        using Activity? activity = tracing.StartChunk(job.Id, chunk.FirstLine - 1);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task renewing = RenewAsync(chunk, lost);
        try
        {
            // From memory when this service stored the chunk itself moments ago; else from the store.
            IReadOnlyList<InputRecord> records = parsed.TryTake(chunk) ?? await store.ReadRecordsAsync(chunk, lost.Token);
            var sector = new SectorRecord[records.Count];
            for (int i = 0; i < records.Count; i++)
            {
                sector[i] = new SectorRecord(records[i].Id, records[i].Name, records[i].BirthDate, records[i].Gender);
            }

            Verifier.Outcome[] outcomes = sector.Length == 0 ? [] : await VerifyPatientlyAsync(job, sector, policy, lost.Token);
            var (results, counts) = Results(job, records, outcomes);
            ChunkCommit commit = await CommitPatientlyAsync(chunk, results, counts, ct);
            if (commit is ChunkCommit.Committed or ChunkCommit.JobCompleted)
            {
                foreach (var (key, n) in counts)
                {
                    metrics.Batch(job.Sector, key.Verdict, n);
                }
            }

            switch (commit)
            {
                case ChunkCommit.JobCompleted:
                    progress.Finished(job.Id);
                    tracing.Finished(job.Id);
                    LogJobCompleted(logger, job.Id);
                    break;
                case ChunkCommit.JobGone:
                    // Its owner deleted it while it ran: nothing of it was kept.
                    progress.Finished(job.Id);
                    tracing.Finished(job.Id);
                    LogJobDeleted(logger, job.Id);
                    break;
                case ChunkCommit.AlreadyDone:
                    LogChunkDoneElsewhere(logger, job.Id, chunk.FirstLine);
                    break;
            }
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Another worker holds the chunk now (this one's lease ended) or has finished it.
            LogLeaseLost(logger, job.Id, chunk.FirstLine);
        }
        finally
        {
            await lost.CancelAsync();
            await renewing;
        }
    }

    /// <summary>Renews the lease every third of its duration; cancels <paramref name="lost"/> once the chunk is someone else's.</summary>
    private async Task RenewAsync(ChunkLease chunk, CancellationTokenSource lost)
    {
        TimeSpan lease = options.Value.LeaseDuration;
        try
        {
            while (true)
            {
                await Task.Delay(lease / 3, time, lost.Token);
                try
                {
                    if (!await store.RenewLeaseAsync(chunk, lease, lost.Token))
                    {
                        await lost.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store is unreachable: keep working; the commit decides, and counts the chunk once.
                    LogRenewFailed(logger, chunk.Job.Id, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The chunk is finished (or lost).
        }
    }

    /// <summary>
    /// Commits until the store answers: retrying is safe, since a commit either stores the whole chunk
    /// once or nothing (when it was already done, or rolled back when the connection broke).
    /// </summary>
    private async Task<ChunkCommit> CommitPatientlyAsync(ChunkLease chunk, ResultRow[] results, Dictionary<StatisticsKey, long> counts, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await store.CommitResultsAsync(chunk, results, counts, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogCommitRetry(logger, chunk.Job.Id, chunk.FirstLine, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            }
        }
    }

    private (ResultRow[] Results, Dictionary<StatisticsKey, long> Counts) Results(JobRecord job, IReadOnlyList<InputRecord> records, Verifier.Outcome[] outcomes)
    {
        var results = new ResultRow[records.Count];
        var perVerdict = new Dictionary<string, long>();
        for (int i = 0; i < results.Length; i++)
        {
            InputRecord input = records[i];
            Verifier.Outcome outcome = outcomes[i];
            MatchDecision d = outcome.Decision;
            string verdict = outcome.VerdictName;
            string? candidates = outcome.Candidates is { Count: > 0 }
                ? System.Text.Json.JsonSerializer.Serialize(outcome.MaskedCandidates(), ResultJsonContext.Relaxed.IReadOnlyListCandidateResult)
                : null;
            results[i] = new ResultRow(input.Line, verdict, d.IdCheck.IsValid ? PersonalId.Mask(d.IdCheck.Value, d.IdCheck.Kind) : null,
                Level(d, d.Comparison.Name), Level(d, d.Comparison.BirthDate), Level(d, d.Comparison.Gender), Level(d, d.Comparison.Cmnd),
                d.Differing, d.IdCheck.BrokenRule, d.Score, input.Reference, candidates,
                new FieldScores(d.Comparison.Name.Score, d.Comparison.BirthDate.Score, d.Comparison.Gender.Score, d.Comparison.Cmnd.Score));
            perVerdict[verdict] = perVerdict.GetValueOrDefault(verdict) + 1;
        }

        string day = SqliteStore.Day(time.GetUtcNow());
        var counts = perVerdict.ToDictionary(v => new StatisticsKey(job.Sector, job.Province, day, job.Id, v.Key), v => v.Value);
        return (results, counts);
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

    private static MatchLevel? Level(in MatchDecision d, FieldComparison f) =>
        d.Verdict is Verdict.Match or Verdict.Mismatch or Verdict.Deceased ? f.Level : null;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Job {Job}: claimed records {First} to {Last}")]
    private static partial void LogChunkClaimed(ILogger logger, string job, long first, long last);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Job {Job} completed")]
    private static partial void LogJobCompleted(ILogger logger, string job);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Job {Job} was deleted by its owner while it ran; stopped")]
    private static partial void LogJobDeleted(ILogger logger, string job);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Job {Job} waits {Seconds:F1} s for the population DB: {Reason}")]
    private static partial void LogUpstreamWait(ILogger logger, string job, double seconds, string reason);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Batch worker error; retrying")]
    private static partial void LogWorkerError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Job {Job}: the chunk from record {First} was committed by another worker first; this one's results were dropped")]
    private static partial void LogChunkDoneElsewhere(ILogger logger, string job, long first);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Job {Job}: the lease on the chunk from record {First} passed to another worker; stopped checking it")]
    private static partial void LogLeaseLost(ILogger logger, string job, long first);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Job {Job}: could not renew a chunk's lease ({Reason}); going on")]
    private static partial void LogRenewFailed(ILogger logger, string job, string reason);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Job {Job}: committing the chunk from record {First} failed ({Reason}); retrying")]
    private static partial void LogCommitRetry(ILogger logger, string job, long first, string reason);
}
