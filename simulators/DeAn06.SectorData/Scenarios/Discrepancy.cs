namespace DeAn06.SectorData.Scenarios;

/// <summary>
/// What is wrong with a sector record, and so the verdict it must get. Each kind is built so its
/// verdict does not depend on chance: e.g. a wrong birth date keeps the year (or the ID rule would
/// answer INVALID_ID) and is never 01/01 nor the day/month swap (which tolerant policies accept).
/// </summary>
public enum Discrepancy
{
    /// <summary>As on record (MATCH).</summary>
    None,

    /// <summary>Name written without diacritics, upper case (MATCH under tolerant policies only).</summary>
    NoDiacritics,

    /// <summary>No ID and no CMND (MISSING_ID).</summary>
    MissingId,

    /// <summary>Digits 5–6 of the ID contradict the birth year (INVALID_ID).</summary>
    WrongIdDigits,

    /// <summary>Another day of the same birth year (MISMATCH: thông tin cá nhân sai lệch).</summary>
    WrongBirthDate,

    /// <summary>A well-formed ID the population DB does not hold, e.g. a foreigner's record (NOT_FOUND).</summary>
    NotInPopulation,

    /// <summary>A citizen the population DB records as deceased (DECEASED).</summary>
    Deceased,
}
