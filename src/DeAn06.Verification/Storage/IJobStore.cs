namespace DeAn06.Verification.Storage;

/// <summary>Durable batch jobs: accepted records, results and progress. SQLite is the embedded default.</summary>
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

    /// <summary>Jobs to work on, oldest first.</summary>
    Task<IReadOnlyList<JobRecord>> RunnableJobsAsync(CancellationToken ct);

    /// <summary>
    /// Removes jobs still marked as uploading. Only safe at start-up, before this process accepts
    /// uploads: those are uploads a crash interrupted, whose senders never got a job id.
    /// </summary>
    Task<int> RemoveInterruptedUploadsAsync(CancellationToken ct);

    Task<IReadOnlyList<InputRecord>> ReadRecordsAsync(long job, long afterLine, int count, CancellationToken ct);

    /// <summary>
    /// Atomically: stores results, adds their counts to the statistics and moves the job's cursor.
    /// False (and nothing stored) when the job is no longer queued or running: its owner deleted it.
    /// </summary>
    Task<bool> CommitResultsAsync(long job, IReadOnlyList<ResultRow> results, IReadOnlyDictionary<StatisticsKey, long> counts, long lastLine, CancellationToken ct);

    Task SetStatusAsync(long job, JobStatus status, string? failure, CancellationToken ct);

    /// <summary>Results in input order, rejected lines included.</summary>
    IAsyncEnumerable<ResultRow> ReadResultsAsync(long job, bool rejectedOnly, CancellationToken ct);

    /// <summary>The most recent jobs of every sector, newest first (for operators).</summary>
    Task<IReadOnlyList<JobRecord>> RecentJobsAsync(int limit, CancellationToken ct);

    /// <summary>The latest results with <paramref name="verdict"/>, newest job first, optionally of one sector/province (for operators' drill-down).</summary>
    Task<IReadOnlyList<(JobRecord Job, ResultRow Result)>> SampleResultsAsync(string verdict, string? sector, string? province, int limit, CancellationToken ct);
}
