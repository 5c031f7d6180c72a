namespace DeAn06.Matching.Comparison;

/// <summary>The per-field outcome of comparing a sector record with a population-DB record.</summary>
public readonly record struct RecordComparison(FieldComparison Name, FieldComparison BirthDate, FieldComparison Gender, FieldComparison Cmnd)
{
    /// <summary>The comparison of one field.</summary>
    public FieldComparison this[MatchField field] => field switch
    {
        MatchField.Name => Name,
        MatchField.BirthDate => BirthDate,
        MatchField.Gender => Gender,
        MatchField.Cmnd => Cmnd,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Name one field."),
    };

    /// <summary>The fields in the order reports list them.</summary>
    public static ReadOnlySpan<MatchField> Fields => [MatchField.Name, MatchField.BirthDate, MatchField.Gender, MatchField.Cmnd];
}
