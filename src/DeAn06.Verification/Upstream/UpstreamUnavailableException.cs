namespace DeAn06.Verification.Upstream;

/// <summary>The population DB could not answer now (down, in maintenance, shedding load, or the circuit is open).</summary>
public sealed class UpstreamUnavailableException : Exception
{
    public UpstreamUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner) => RetryAfter = retryAfter;

    public UpstreamUnavailableException()
        : base("The population DB is unavailable.")
    {
    }

    public UpstreamUnavailableException(string message)
        : base(message)
    {
    }

    public UpstreamUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>When to try again, if the population DB said.</summary>
    public TimeSpan? RetryAfter { get; }
}
