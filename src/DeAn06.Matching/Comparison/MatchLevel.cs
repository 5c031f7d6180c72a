namespace DeAn06.Matching.Comparison;

/// <summary>How closely one field of a sector record agrees with the population DB, strongest first.</summary>
public enum MatchLevel : byte
{
    /// <summary>Identical as sent (after trimming).</summary>
    Exact = 0,

    /// <summary>Differs only by Unicode form (NFC/NFD), case, spacing, tone placement or, for dates and genders, notation.</summary>
    Equivalent = 1,

    /// <summary>Equal only once tone and vowel marks are removed, and one side carries no marks there (a system that strips them).</summary>
    NoDiacritics = 2,

    /// <summary>Agrees as far as the less precise side goes: birth year only; a dropped or extra middle name; family and given name swapped.</summary>
    Partial = 3,

    /// <summary>A small difference: a typo, day and month swapped, clashing tone marks. Comes with a score.</summary>
    Fuzzy = 4,

    /// <summary>Disagrees.</summary>
    Different = 5,

    /// <summary>Not sent by the sector, or not on record in the population DB.</summary>
    Absent = 6,
}
