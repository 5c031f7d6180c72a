using System.ComponentModel.DataAnnotations;

namespace DeAn06.Verification.Batch;

/// <summary>Section "Batch".</summary>
public sealed class BatchOptions
{
    public const string SectionName = "Batch";

    /// <summary>Records committed together, on upload and when checking. The default value is 5000.</summary>
    [Range(100, 100_000)]
    public int ChunkSize { get; set; } = 5000;

    /// <summary>
    /// Records of just-uploaded chunks kept in memory, as parsed, for this service's workers to check
    /// without reading them back from the store (<see cref="ParsedChunks"/>); about 300 bytes each. Zero
    /// always reads from the store. The default value is 200,000.
    /// </summary>
    [Range(0, 2_000_000)]
    public int ParsedRecordsInMemory { get; set; } = 200_000;

    /// <summary>Largest file accepted, in bytes. The default value is 2 GiB.</summary>
    [Range(1024L, 64L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Pause before retrying a chunk when the population DB is unavailable (unless it said Retry-After). The default value is 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan UpstreamPause { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Propose candidate IDs for MISSING_ID records. The default value is true.</summary>
    public bool ProposeCandidates { get; set; } = true;

    /// <summary>
    /// How long a finished (completed or failed) job keeps the records as submitted (full ID, name,
    /// birth date, gender) before they are erased; its results (masked IDs, verdicts) and statistics
    /// stay. Zero erases them at the first purge after the job finishes. The default value is 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan PersonalDataRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often finished jobs past <see cref="PersonalDataRetention"/> are looked for. The default value is 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PersonalDataPurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a claimed chunk stays with its worker without a renewal; the worker renews it every third
    /// of this while it works. A service that dies holds its chunks this long before another takes them
    /// over. The default value is 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:30:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Chunks this service works on at once (each claimed under its own lease). The default value is 2.</summary>
    [Range(1, 32)]
    public int Workers { get; set; } = 2;

    /// <summary>How often an idle worker looks for chunks queued by another service. The default value is 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// With a shared store (PostgreSQL): an upload to which no chunk was added for this long was cut off by a
    /// crash, and is removed when a service starts. The default value is 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan InterruptedUploadAfter { get; set; } = TimeSpan.FromHours(1);
}
