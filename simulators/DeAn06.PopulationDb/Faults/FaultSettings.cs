using System.ComponentModel.DataAnnotations;

namespace DeAn06.PopulationDb.Faults;

/// <summary>
/// Faults injected into /api/* calls: set at start-up (section "Faults") and replaceable at run time
/// through PUT /admin/faults. Decisions are drawn from (Seed, request sequence number), so the same
/// settings and the same sequence of requests give the same faults.
/// </summary>
public sealed class FaultSettings : IValidatableObject
{
    public const string SectionName = "Faults";

    /// <summary>Seed of the fault stream. The default value is 1.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Latency added to every call, in ms. The default value is 0.</summary>
    [Range(0, 60_000)]
    public int LatencyMs { get; set; }

    /// <summary>Extra random latency, uniform in [0, value] ms. The default value is 0.</summary>
    [Range(0, 60_000)]
    public int LatencyJitterMs { get; set; }

    /// <summary>Share of calls answered 500. The default value is 0.</summary>
    [Range(0.0, 1.0)]
    public double ErrorRate { get; set; }

    /// <summary>Share of calls answered 429 with Retry-After. The default value is 0.</summary>
    [Range(0.0, 1.0)]
    public double ThrottleRate { get; set; }

    /// <summary>Retry-After of throttled calls, in seconds. The default value is 1.</summary>
    [Range(1, 3600)]
    public int ThrottleRetryAfterSeconds { get; set; } = 1;

    /// <summary>Share of calls never answered: held until the client gives up (or the hold ends). The default value is 0.</summary>
    [Range(0.0, 1.0)]
    public double TimeoutRate { get; set; }

    /// <summary>How long an unanswered call is held before the connection is dropped, in seconds. The default value is 120.</summary>
    [Range(1, 600)]
    public int TimeoutHoldSeconds { get; set; } = 120;

    /// <summary>Share of calls whose connection is reset without a response. The default value is 0.</summary>
    [Range(0.0, 1.0)]
    public double ResetRate { get; set; }

    /// <summary>A maintenance window starting now (at start-up, or when set through the admin API), in seconds; 0 for none. The default value is 0.</summary>
    [Range(0, 86_400)]
    public int MaintenanceForSeconds { get; set; }

    /// <summary>Retry-After during maintenance, in seconds. The default value is 30.</summary>
    [Range(1, 86_400)]
    public int MaintenanceRetryAfterSeconds { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        double total = ErrorRate + ThrottleRate + TimeoutRate + ResetRate;
        if (total > 1.0 + 1e-9)
        {
            yield return new ValidationResult(
                $"ErrorRate + ThrottleRate + TimeoutRate + ResetRate must not exceed 1 (is {total:0.###}).",
                [nameof(ErrorRate), nameof(ThrottleRate), nameof(TimeoutRate), nameof(ResetRate)]);
        }
    }

    /// <summary>Every validation error, as "Member: message".</summary>
    public IReadOnlyList<string> Errors()
    {
        var context = new ValidationContext(this);
        var results = new List<ValidationResult>();
        // The validator skips Validate() once a property rule fails; report every error at once.
        if (!Validator.TryValidateObject(this, context, results, validateAllProperties: true))
        {
            results.AddRange(Validate(context));
        }

        return results.Select(r => $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").Distinct().ToList();
    }
}
