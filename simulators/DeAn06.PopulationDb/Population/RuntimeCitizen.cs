namespace DeAn06.PopulationDb.Population;

/// <summary>
/// A citizen added at run time: the fields XacThucThongTinCongDan compares, and the JSON the look-ups
/// answer with (written once, when added).
/// </summary>
public sealed record RuntimeCitizen(long Id, int Cmnd, byte[] Full, byte[] Compact)
{
    public string FullName { get; init; } = "";

    /// <summary>yyyyMMdd; the day and month are 0 when only the year is known.</summary>
    public int BirthDateNumber { get; init; }

    public bool BirthYearOnly { get; init; }

    public bool IsMale { get; init; }

    public int Ethnicity { get; init; } = 1;

    public string? PermanentCommune { get; init; }

    public bool IsDeceased { get; init; }
}
