namespace DeAn06.Verification.Storage;

/// <summary>A batch job's life: records are streamed in (Uploading), then checked (Queued, Running) to Completed.</summary>
public enum JobStatus
{
    Uploading = 0,
    Queued = 1,
    Running = 2,
    Completed = 3,
    Failed = 4,
}
