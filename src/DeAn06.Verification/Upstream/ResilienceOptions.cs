using System.ComponentModel.DataAnnotations;

namespace DeAn06.Verification.Upstream;

/// <summary>
/// One resilience profile for calls to the population DB: per-attempt timeout, retries with jittered
/// exponential backoff that honour Retry-After, and a circuit breaker.
/// </summary>
public sealed class ResilienceOptions
{
    /// <summary>Timeout of one attempt. The default value is 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retries after the first attempt. The default value is 2.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; doubles per retry, with jitter. The default value is 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest backoff delay. The default value is 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A Retry-After up to this long is waited out; a longer one ends the call as unavailable. The default value is 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of failed calls in the sampling window that opens the circuit. The default value is 0.5.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the breaker may open. The default value is 20.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The breaker's sampling window. The default value is 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the circuit stays open before a trial call. The default value is 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
