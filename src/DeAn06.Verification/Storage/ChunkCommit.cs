namespace DeAn06.Verification.Storage;

/// <summary>What committing a chunk's results did.</summary>
public enum ChunkCommit
{
    /// <summary>Results, counts and the job's progress were stored; the job has chunks left.</summary>
    Committed,

    /// <summary>Stored, and it was the job's last chunk: the job is now completed.</summary>
    JobCompleted,

    /// <summary>Nothing stored: another worker (after this one's lease ended) committed the chunk first.</summary>
    AlreadyDone,

    /// <summary>Nothing stored: the job is no longer queued or running (its owner deleted it).</summary>
    JobGone,
}
