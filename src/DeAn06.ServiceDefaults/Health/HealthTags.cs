namespace DeAn06.ServiceDefaults.Health;

/// <summary>Which probe a health check belongs to.</summary>
public static class HealthTags
{
    /// <summary>Checks /health/live runs: the process answers. Every check runs for /health/ready.</summary>
    public const string Live = "live";

    /// <summary>
    /// Key of a check's <c>Data</c> entry naming the problem code a failing readiness answer carries
    /// (e.g. POPULATION_LOADING); <see cref="CommonErrorCode.NotReady"/> when absent.
    /// </summary>
    public const string ProblemCode = "code";
}
