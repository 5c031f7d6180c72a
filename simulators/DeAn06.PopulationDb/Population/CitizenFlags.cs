namespace DeAn06.PopulationDb.Population;

[Flags]
internal enum CitizenFlags : byte
{
    None = 0,
    Male = 1,

    /// <summary>Only the birth year is on record (common for older citizens).</summary>
    BirthYearOnly = 2,
    Deceased = 4,
}
