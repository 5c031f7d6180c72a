using DeAn06.PopulationDb.Apis;

namespace DeAn06.PopulationDb.Faults;

/// <summary>Every error of a <see cref="FaultRule"/>, as "Member: message", all at once.</summary>
internal static class FaultRuleValidator
{
    public const string MalformedBody = "MalformedBody";
    public const string Drop = "Drop";

    /// <summary>The endpoints a rule may name (the paths after /api/v1/).</summary>
    public static readonly IReadOnlyList<string> Endpoints =
        ["TraCuuThongTinCongDan", "TraCuuThongTinCongDan/bulk", "XacThucThongTinCongDan", "TimKiemCongDan"];

    public static IReadOnlyList<string> Errors(FaultRule rule)
    {
        var errors = new List<string>();
        if (rule.Endpoint is { } e && !Endpoints.Contains(e, StringComparer.Ordinal))
        {
            errors.Add($"Endpoint: '{e}' is not an endpoint; use one of {string.Join(", ", Endpoints)}, or leave it out for all.");
        }

        if (rule.SoDinhDanh is { } id && !Identifier.TryParse(id, out _))
        {
            errors.Add($"SoDinhDanh: {Identifier.Describe(id)}.");
        }

        if (rule.DelayMs is < 0 or > 60_000)
        {
            errors.Add("DelayMs: must be between 0 and 60000.");
        }

        if (rule.Status is { } s && (s is < 200 or > 599 || (s < 400 && rule.Body is null)))
        {
            errors.Add("Status: must be 400–599, or 200–599 with a Body.");
        }

        if (rule.RetryAfterSeconds is { } r && (r is < 0 or > 86_400 || rule.Status is null))
        {
            errors.Add("RetryAfterSeconds: must be between 0 and 86400, and goes with a Status.");
        }

        if (rule.Times is < 1 or > 1_000_000)
        {
            errors.Add("Times: must be between 1 and 1000000, or left out for a rule that stays until removed.");
        }

        if (rule.Fault is { } f && f is not (MalformedBody or Drop))
        {
            errors.Add($"Fault: '{f}' is not a fault; use {MalformedBody} or {Drop}.");
        }

        if (rule.Fault is not null && (rule.Status is not null || rule.Body is not null))
        {
            errors.Add("Fault: a malformed body or a dropped connection has no Status or Body.");
        }

        if (rule.Body is { } b && b.ValueKind is not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array))
        {
            errors.Add("Body: must be a JSON object or array.");
        }

        if (rule.DelayMs == 0 && rule.Status is null && rule.Fault is null && rule.Body is null)
        {
            errors.Add("Rule: does nothing; set DelayMs, Status, Fault or Body.");
        }

        return errors;
    }
}
