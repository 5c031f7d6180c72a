using System.ComponentModel.DataAnnotations;

namespace DeAn06.Gateway.RateLimiting;

/// <summary>Where the consumers' rate-limit buckets live (section <c>RateLimiting</c>).</summary>
public sealed class RateLimitStoreOptions : IValidatableObject
{
    public const string SectionName = "RateLimiting";

    /// <summary>The name under ConnectionStrings that holds the Redis connection string.</summary>
    public const string ConnectionStringName = "Redis";

    /// <summary>
    /// <c>InProcess</c> (each gateway counts alone; the embedded default) or <c>Redis</c> (one bucket per
    /// consumer shared by every gateway). The default value is <see cref="RateLimitStoreKind.InProcess"/>.
    /// </summary>
    public RateLimitStoreKind Store { get; set; } = RateLimitStoreKind.InProcess;

    /// <summary>
    /// StackExchange.Redis's connection string, read from ConnectionStrings:Redis (set it through the
    /// environment, ConnectionStrings__Redis: it holds the password). Required when <see cref="Store"/> is Redis.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Prefix of the buckets' keys, so several platforms can share one Redis. The default value is "dean06:rate:".</summary>
    [Required]
    public string KeyPrefix { get; set; } = "dean06:rate:";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Store == RateLimitStoreKind.Redis && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"RateLimiting:Store is Redis but ConnectionStrings:{ConnectionStringName} is empty; set it (e.g. ConnectionStrings__{ConnectionStringName}=\"127.0.0.1:6379,password=…\").",
                ["ConnectionStrings:" + ConnectionStringName]);
        }
    }
}
