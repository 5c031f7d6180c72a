using DeAn06.Matching.Comparison;
using DeAn06.Matching.Ids;

namespace DeAn06.Matching.Decisions;

/// <summary>What was decided for one record, and why.</summary>
/// <param name="Verdict">The overall verdict.</param>
/// <param name="Comparison">Per-field levels (default when no record was compared).</param>
/// <param name="Differing">The fields that kept the record from matching.</param>
/// <param name="IdCheck">The identifier's structure check (names the broken rule for INVALID_ID).</param>
/// <param name="Score">Combined evidence, the product of the compared fields' scores.</param>
public readonly record struct MatchDecision(Verdict Verdict, RecordComparison Comparison, MatchField Differing, IdCheck IdCheck, float Score);
