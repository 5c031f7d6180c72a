using DeAn06.Matching.Comparison;

namespace DeAn06.Matching.Policies;

/// <summary>
/// What counts as a MATCH. Each field is accepted down to a weakest level (FUZZY also needs
/// <see cref="MinFuzzyScore"/>); ABSENT fields are not judged; the name must be compared; and the
/// product of the compared fields' scores must reach <see cref="MinCombinedScore"/>.
/// </summary>
public sealed record MatchPolicy
{
    /// <summary>The policy's name as configuration and reports use it ("strict", "tolerant").</summary>
    public required string Name { get; init; }

    /// <summary>One sentence for the statistics report saying what the policy accepts.</summary>
    public string Description { get; init; } = "";

    public MatchLevel WeakestName { get; init; } = MatchLevel.Equivalent;
    public MatchLevel WeakestBirthDate { get; init; } = MatchLevel.Equivalent;
    public MatchLevel WeakestGender { get; init; } = MatchLevel.Equivalent;
    public MatchLevel WeakestCmnd { get; init; } = MatchLevel.Equivalent;

    /// <summary>A FUZZY field is accepted only with at least this score. The default value is 0.83.</summary>
    public float MinFuzzyScore { get; init; } = 0.83f;

    /// <summary>The product of the compared fields' scores must reach this. The default value is 0.7.</summary>
    public float MinCombinedScore { get; init; } = 0.7f;

    /// <summary>Decides one comparison: true for a match; <paramref name="differing"/> names the fields that failed.</summary>
    public bool Accepts(in RecordComparison comparison, out MatchField differing, out float score)
    {
        differing = MatchField.None;
        score = 1f;
        Judge(comparison.Name, WeakestName, MatchField.Name, ref differing, ref score);
        Judge(comparison.BirthDate, WeakestBirthDate, MatchField.BirthDate, ref differing, ref score);
        Judge(comparison.Gender, WeakestGender, MatchField.Gender, ref differing, ref score);
        Judge(comparison.Cmnd, WeakestCmnd, MatchField.Cmnd, ref differing, ref score);
        if (comparison.Name.Level == MatchLevel.Absent)
        {
            differing |= MatchField.Name;
            score = 0f;
        }

        return differing == MatchField.None && score >= MinCombinedScore;
    }

    /// <summary>Every problem with this policy's settings, each prefixed with <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add($"{path}:Name must not be empty.");
        }

        foreach (var (field, level) in new[] { ("WeakestName", WeakestName), ("WeakestBirthDate", WeakestBirthDate), ("WeakestGender", WeakestGender), ("WeakestCmnd", WeakestCmnd) })
        {
            if (level is < MatchLevel.Exact or > MatchLevel.Fuzzy)
            {
                errors.Add($"{path}:{field} must be one of Exact, Equivalent, NoDiacritics, Partial, Fuzzy (is {level}).");
            }
        }

        if (MinFuzzyScore is < 0f or > 1f || float.IsNaN(MinFuzzyScore))
        {
            errors.Add($"{path}:MinFuzzyScore must be between 0 and 1 (is {MinFuzzyScore}).");
        }

        if (MinCombinedScore is < 0f or > 1f || float.IsNaN(MinCombinedScore))
        {
            errors.Add($"{path}:MinCombinedScore must be between 0 and 1 (is {MinCombinedScore}).");
        }

        return errors;
    }

    private void Judge(FieldComparison field, MatchLevel weakest, MatchField name, ref MatchField differing, ref float score)
    {
        if (field.Level == MatchLevel.Absent)
        {
            return;
        }

        bool accepted = field.Level <= weakest && (field.Level != MatchLevel.Fuzzy || field.Score >= MinFuzzyScore);
        if (!accepted)
        {
            differing |= name;
        }

        score *= field.Score;
    }
}
