namespace DeAn06.Gateway.Consumers;

/// <summary>The services a consumer can be granted; each route names one in its metadata ("Service").</summary>
internal static class Services
{
    public const string Verify = "verify";
    public const string Batch = "batch";
    public const string Statistics = "statistics";
    public const string PopulationDb = "population-db";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Verify, Batch, Statistics, PopulationDb };
}
