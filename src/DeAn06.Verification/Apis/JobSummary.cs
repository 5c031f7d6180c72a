namespace DeAn06.Verification.Apis;

/// <summary>A job's counts by verdict, its rejected lines, the fields no record carried, and its Vietnamese report line.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Status">Queued, Running, Completed or Failed.</param>
/// <param name="Policy">The sector's match policy the verdicts followed.</param>
/// <param name="Total">Records checked.</param>
/// <param name="Matched">Records with the verdict MATCH.</param>
/// <param name="Rate">Matched/Total in percent, truncated to two decimals as the reports do.</param>
/// <param name="ByVerdict">Records per verdict.</param>
/// <param name="Rejected">Lines that could not be read.</param>
/// <param name="NotCompared">Compared fields no record of the file carried.</param>
/// <param name="Report">The report line, e.g. "BHXH Bắc Kạn: 310.080/310.462 (99,87 %), …".</param>
public sealed record JobSummary(string JobId, string Status, string Policy, long Total, long Matched, decimal Rate,
    IReadOnlyDictionary<string, long> ByVerdict, long Rejected, IReadOnlyList<string> NotCompared, string Report);
