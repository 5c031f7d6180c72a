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

    /// <summary>Only the old 9-digit CMND, no personal ID: found through the CMND (MATCH).</summary>
    OldCmndOnly,

    /// <summary>Two adjacent letters of the given name swapped, a typing slip (MATCH under tolerant policies only).</summary>
    NameTypo,

    /// <summary>The name in decomposed Unicode (NFD), as some legacy systems store it (MATCH).</summary>
    NfdText,

    /// <summary>Day and month swapped, MM/dd written as dd/MM (MATCH under tolerant policies only).</summary>
    SwappedDayMonth,

    /// <summary>Only the birth year of a citizen whose full date is on record (MATCH under tolerant policies only).</summary>
    YearOnlyBirth,

    /// <summary>The other gender on the citizen's correct ID (MISMATCH on the gender: thông tin cá nhân sai lệch, not an invalid ID).</summary>
    WrongGender,

    /// <summary>The same person's record a second time under another reference (MATCH, both times).</summary>
    Duplicate,
}
