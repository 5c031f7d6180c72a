namespace DeAn06.Cli.Stack;

/// <summary>
/// The shape of <c>dean06 up --cluster</c>. Each setting is also a configuration key read from
/// dean06's environment (<c>Cluster__Gateways</c>, <c>Cluster__Verifiers</c>); an option on the command
/// line wins. <c>ConnectionStrings__Verification</c> and <c>ConnectionStrings__Redis</c> in the
/// environment point the cluster at an existing PostgreSQL and Redis instead of starting its own, and
/// <c>ConnectionStrings__MessageLog</c> the gateways' message log at another PostgreSQL database
/// (connection strings hold passwords: environment only, never a command line).
/// </summary>
internal sealed record ClusterOptions
{
    /// <summary>The default number of gateways and of verification services: 2.</summary>
    public const int DefaultNodes = 2;

    /// <summary>At most this many of each kind on one machine.</summary>
    public const int MaxNodes = 16;

    public int Gateways { get; init; } = DefaultNodes;

    public int Verifiers { get; init; } = DefaultNodes;

    /// <summary>An existing PostgreSQL for the verification services (null: start one in the data folder).</summary>
    public string? PostgreSqlConnectionString { get; init; }

    /// <summary>
    /// A PostgreSQL for the gateways' message log and batch quota (null: the verification services'
    /// one; the log keeps its own schema, so they can share a database).
    /// </summary>
    public string? MessageLogConnectionString { get; init; }

    /// <summary>An existing Redis for the gateways' rate limits (null: start one in the data folder).</summary>
    public string? RedisConnectionString { get; init; }

    /// <summary>The settings from the environment (<paramref name="environment"/>: a variable's value by name).</summary>
    public static ClusterOptions FromEnvironment(Func<string, string?> environment) => new()
    {
        Gateways = Count(environment, "Cluster__Gateways"),
        Verifiers = Count(environment, "Cluster__Verifiers"),
        PostgreSqlConnectionString = NullIfEmpty(environment("ConnectionStrings__Verification")),
        RedisConnectionString = NullIfEmpty(environment("ConnectionStrings__Redis")),
        MessageLogConnectionString = NullIfEmpty(environment("ConnectionStrings__MessageLog")),
    };

    /// <summary>Refuses counts out of range, naming the option and the configuration key.</summary>
    public ClusterOptions Validated()
    {
        foreach ((string option, string key, int value) in new[] { ("--gateways", "Cluster:Gateways", Gateways), ("--verifiers", "Cluster:Verifiers", Verifiers) })
        {
            if (value is < 1 or > MaxNodes)
            {
                throw new CliException($"{option} ({key}) must be between 1 and {MaxNodes} (got {value}).", ExitCodes.Usage);
            }
        }

        return this;
    }

    private static int Count(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } text
            ? int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n
                : throw new CliException($"{name} must be a whole number (got '{text}').", ExitCodes.Usage)
            : DefaultNodes;

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
