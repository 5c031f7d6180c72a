using System.Text.Json;

namespace DeAn06.PopulationDb.Faults;

/// <summary>
/// A targeted fault or canned answer, added at run time through POST /admin/rules: it applies to one
/// endpoint (or all), to calls that carry one ID or CMND number (or any), and replaces the seeded global
/// faults for the calls it matches. A bulk look-up that carries the number gets the rule as a whole call.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Endpoint name as in the path after /api/v1/ (e.g. "TraCuuThongTinCongDan/bulk"); null for every endpoint.</summary>
    public string? Endpoint { get; init; }

    /// <summary>A 12-digit ID or 9-digit CMND number; null for any call.</summary>
    public string? SoDinhDanh { get; init; }

    /// <summary>Delay before the answer, in ms (0 to 60,000). The default value is 0.</summary>
    public int DelayMs { get; init; }

    /// <summary>Status to answer: 4xx/5xx as problem+json (429 THROTTLED, 503 MAINTENANCE, else INJECTED_ERROR), or any status with <see cref="Body"/>.</summary>
    public int? Status { get; init; }

    /// <summary>Retry-After, in seconds, sent with <see cref="Status"/>.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>"MalformedBody" (200 with a JSON body cut short) or "Drop" (connection aborted without an answer).</summary>
    public string? Fault { get; init; }

    /// <summary>How many matching calls the rule answers before it goes (e.g. 2: two 429s, then the record); null until removed.</summary>
    public int? Times { get; init; }

    /// <summary>A canned JSON answer (status <see cref="Status"/>, 200 when absent).</summary>
    public JsonElement? Body { get; init; }
}
