namespace DeAn06.Matching.Comparison;

/// <summary>One field's level and the strength of its evidence, 0 (none) to 1 (identical).</summary>
public readonly record struct FieldComparison(MatchLevel Level, float Score)
{
    public static FieldComparison Exact => new(MatchLevel.Exact, 1f);
    public static FieldComparison Equivalent => new(MatchLevel.Equivalent, 1f);
    public static FieldComparison Different => new(MatchLevel.Different, 0f);
    public static FieldComparison Absent => new(MatchLevel.Absent, 0f);
}
