namespace DeAn06.Contracts;

/// <summary>One field's level (EXACT, EQUIVALENT, NO_DIACRITICS, PARTIAL, FUZZY, DIFFERENT, ABSENT) and score.</summary>
public sealed record FieldResult(string Level, double Score);
