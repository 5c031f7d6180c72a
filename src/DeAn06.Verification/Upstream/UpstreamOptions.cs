using System.ComponentModel.DataAnnotations;

namespace DeAn06.Verification.Upstream;

/// <summary>Section "Upstream": the population DB and how to call it.</summary>
public sealed class UpstreamOptions
{
    public const string SectionName = "Upstream";

    /// <summary>The population DB's base address. The default value is http://127.0.0.1:5301/.</summary>
    [Required]
    public Uri BaseAddress { get; set; } = new("http://127.0.0.1:5301/");

    /// <summary>IDs per bulk look-up (the population DB takes at most 1,000). The default value is 1000.</summary>
    [Range(1, 1000)]
    public int BulkSize { get; set; } = 1000;

    /// <summary>Bulk look-ups in flight at once for one batch chunk. The default value is 4.</summary>
    [Range(1, 64)]
    public int BulkConcurrency { get; set; } = 4;

    /// <summary>Profile for real-time verification: answer fast, fail fast. Defaults as in <see cref="ResilienceOptions"/>.</summary>
    [Required]
    public ResilienceOptions Realtime { get; set; } = new();

    /// <summary>
    /// Profile for batch jobs: patient (10 s attempts, 5 retries, Retry-After up to 60 s honoured).
    /// </summary>
    [Required]
    public ResilienceOptions Batch { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 5,
        BaseDelay = TimeSpan.FromMilliseconds(250),
        MaxDelay = TimeSpan.FromSeconds(10),
        MaxRetryAfter = TimeSpan.FromSeconds(60),
    };
}
