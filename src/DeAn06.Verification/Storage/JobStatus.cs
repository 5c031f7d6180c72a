namespace DeAn06.Verification.Storage;

/// <summary>A batch job's life: records are streamed in (Uploading), then checked (Queued, Running) to Completed.</summary>
public enum JobStatus
{
    Uploading = 0,
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,

    /// <summary>
    /// Deleted by its owner: records and results erased; the row stays (no personal data) so its
    /// number is never given to another job, and a worker still holding it cannot write back.
    /// </summary>
    Deleted = 5,
}
