namespace DeAn06.SectorData.Scenarios;

/// <summary>
/// A provincial report to reproduce: the sector, province and policy, the total and matched counts as
/// reported, and how the rest splits by discrepancy (from the report where it says, else an assumption
/// stated in <see cref="Assumption"/>). A report that states only a rate (Bắc Kạn's education
/// figure, "đạt 99,31 %") has it in <see cref="ReportedRate"/>; its counts are then an assumption whose
/// rate, cut to two decimals as the reports do, is exactly that.
/// </summary>
public sealed record Scenario(
    string Name,
    string Title,
    string Sector,
    string Province,
    string Policy,
    long Total,
    long Matched,
    IReadOnlyDictionary<Discrepancy, long> Rest,
    string Source,
    string? Assumption,
    string? ReportedRate = null)
{
    /// <summary>The scenario at 1/<paramref name="divisor"/> of its size, each count rounded (totals stay consistent).</summary>
    public Scenario Scaled(int divisor)
    {
        if (divisor <= 1)
        {
            return this;
        }

        var rest = Rest.ToDictionary(r => r.Key, r => Math.Max(1, r.Value / divisor));
        long matched = Math.Max(1, Matched / divisor);
        return this with { Matched = matched, Rest = rest, Total = matched + rest.Values.Sum() };
    }
}
