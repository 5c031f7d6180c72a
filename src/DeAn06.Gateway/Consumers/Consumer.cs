namespace DeAn06.Gateway.Consumers;

/// <summary>A registered sector system (or operator): credentials, grants and limits.</summary>
public sealed class Consumer
{
    /// <summary>PBKDF2 hash of the client secret (see <see cref="SecretHasher"/>); the secret itself is never stored.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>The sector the verification service sees (BHXH, THUE, ...); defaults to the client id.</summary>
    public string? Sector { get; set; }

    /// <summary>The province office this consumer reports for (two digits), if any.</summary>
    public string? Province { get; set; }

    /// <summary>Services this consumer may call: verify, batch, statistics, population-db.</summary>
    public List<string> Services { get; set; } = [];

    /// <summary>Sustained requests per second (token bucket refill). The default value is 100.</summary>
    public int RatePerSecond { get; set; } = 100;

    /// <summary>Bucket size: requests allowed in a burst. The default value is 200.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>The consumer's signing certificate (PEM), issued by the project's CA; required when signatures are on.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Batch jobs this consumer may submit per day. The default value is 20.</summary>
    public int BatchQuota { get; set; } = 20;
}
