using DeAn06.Matching.Comparison;

namespace DeAn06.Matching.Dates;

/// <summary>
/// Grades a birth date against another: EXACT (same text), EQUIVALENT (same date, other notation),
/// PARTIAL (one side knows only the year, or holds the 01/01 placeholder, and the years agree),
/// FUZZY (day and month swapped), DIFFERENT, ABSENT.
/// </summary>
public static class BirthDateComparer
{
    /// <summary>Score when only the year can be compared.</summary>
    public const float PartialScore = 0.8f;

    /// <summary>Score when day and month are swapped.</summary>
    public const float SwappedScore = 0.9f;

    /// <summary>Compares parsed dates; <paramref name="sameText"/> says whether the raw texts were identical.</summary>
    public static FieldComparison Compare(in BirthDate sector, in BirthDate reference, bool sameText = false)
    {
        if (sector.IsNone || reference.IsNone)
        {
            return FieldComparison.Absent;
        }

        if (sector.Year != reference.Year)
        {
            return FieldComparison.Different;
        }

        if (sector.Precision == DatePrecision.Year || reference.Precision == DatePrecision.Year)
        {
            return sector.Precision == reference.Precision
                ? (sameText ? FieldComparison.Exact : FieldComparison.Equivalent)
                : new FieldComparison(MatchLevel.Partial, PartialScore);
        }

        if (sector.Month == reference.Month && sector.Day == reference.Day)
        {
            return sameText ? FieldComparison.Exact : FieldComparison.Equivalent;
        }

        if (sector.Month == reference.Day && sector.Day == reference.Month)
        {
            return new FieldComparison(MatchLevel.Fuzzy, SwappedScore);
        }

        // 01/01/yyyy stands for "year known, day unknown" in many older records.
        return sector.IsJanuaryFirst || reference.IsJanuaryFirst
            ? new FieldComparison(MatchLevel.Partial, PartialScore)
            : FieldComparison.Different;
    }
}
