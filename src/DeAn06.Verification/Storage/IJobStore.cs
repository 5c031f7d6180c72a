namespace DeAn06.Verification.Storage;

/// <summary>
/// Durable batch jobs: accepted records, results and progress. SQLite is the embedded default;
/// PostgreSQL lets several verification services share the work (chunks claimed under leases).
/// </summary>
public interface IJobStore
{
    Task<JobRecord> CreateJobAsync(string sector, string province, string policy, string format, string? idempotencyKey, CancellationToken ct);

    Task<JobRecord?> FindByIdempotencyKeyAsync(string sector, string key, CancellationToken ct);

    Task<JobRecord?> GetJobAsync(string id, CancellationToken ct);

    /// <summary>Commits one chunk of accepted records and rejected lines of a job still uploading.</summary>
    Task AppendAsync(long job, IReadOnlyList<InputRecord> records, IReadOnlyList<ResultRow> rejected, CancellationToken ct);

    /// <summary>
    /// Marks the upload complete: the job is accepted and queued. <paramref name="notCompared"/> names the
    /// compared fields no record carried (kept with the job as <see cref="JobRecord.NotCompared"/>).
    /// </summary>
    Task CompleteUploadAsync(long job, long total, long rejected, IReadOnlyList<string> notCompared, CancellationToken ct);

    /// <summary>Removes a job whose upload did not complete (the caller got an error, not a job).</summary>
    Task DeleteJobAsync(long job, CancellationToken ct);

    /// <summary>
    /// The owner's deletion: erases the job's submitted records and results (their bytes too) and marks
    /// it <see cref="JobStatus.Deleted"/>; a worker still running it stops at its next commit. Its counts
    /// stay in the statistics, which hold no one's data.
    /// </summary>
    Task EraseJobAsync(long job, CancellationToken ct);

    /// <summary>
    /// Erases the submitted records (full ID, name, birth date, gender) of every job that completed or
    /// failed at or before <paramref name="finishedBefore"/>; results and statistics stay. Returns the jobs erased.
    /// </summary>
    Task<int> PurgeRecordsAsync(DateTimeOffset finishedBefore, CancellationToken ct);

    /// <summary>
    /// Removes jobs still uploading that no process has added to for <paramref name="idleFor"/>: uploads a
    /// crash interrupted, whose senders never got a job id. A store only one process uses (SQLite) is
    /// called before that process accepts uploads and removes every one; a shared store (PostgreSQL)
    /// leaves the uploads other services are still receiving.
    /// </summary>
    Task<int> RemoveInterruptedUploadsAsync(TimeSpan idleFor, CancellationToken ct);

    /// <summary>
    /// Claims the oldest runnable chunk that is neither done nor leased (or whose lease has ended) for
    /// <paramref name="owner"/> until now + <paramref name="lease"/>; null when there is none. Safe
    /// when several workers, in several processes, claim at once: each chunk goes to one of them.
    /// </summary>
    Task<ChunkLease?> ClaimChunkAsync(string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Extends the lease to now + <paramref name="lease"/>; false if the chunk is done or another worker holds it.</summary>
    Task<bool> RenewLeaseAsync(ChunkLease chunk, TimeSpan lease, CancellationToken ct);

    /// <summary>The chunk's accepted records, in input order.</summary>
    Task<IReadOnlyList<InputRecord>> ReadRecordsAsync(ChunkLease chunk, CancellationToken ct);

    /// <summary>
    /// Atomically: marks the chunk done, stores its results (one per job and line; a line already stored
    /// is left alone), adds their counts to the statistics and advances the job, completing it with its
    /// last chunk. A chunk done twice (its lease ended while its first owner still worked) is stored and
    /// counted once: the second commit stores nothing. Nothing is stored either when the job is no longer
    /// queued or running: its owner deleted it.
    /// </summary>
    Task<ChunkCommit> CommitResultsAsync(ChunkLease chunk, IReadOnlyList<ResultRow> results, IReadOnlyDictionary<StatisticsKey, long> counts, CancellationToken ct);

    Task SetStatusAsync(long job, JobStatus status, string? failure, CancellationToken ct);

    /// <summary>Results in input order, rejected lines included.</summary>
    IAsyncEnumerable<ResultRow> ReadResultsAsync(long job, bool rejectedOnly, CancellationToken ct);

    /// <summary>The most recent jobs of every sector, newest first (for operators).</summary>
    Task<IReadOnlyList<JobRecord>> RecentJobsAsync(int limit, CancellationToken ct);

    /// <summary>The latest results with <paramref name="verdict"/>, newest job first, optionally of one sector/province (for operators' drill-down).</summary>
    Task<IReadOnlyList<(JobRecord Job, ResultRow Result)>> SampleResultsAsync(string verdict, string? sector, string? province, int limit, CancellationToken ct);
}
