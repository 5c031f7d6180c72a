using DeAn06.SectorData.Scenarios;

namespace DeAn06.SectorData;

/// <summary>What the generator injected into a line and the verdict that must follow. Kept apart from the records.</summary>
public sealed record GroundTruth(string MaHoSo, Discrepancy Discrepancy, string ExpectedVerdict)
{
    public const string CsvHeader = "MaHoSo,Discrepancy,ExpectedVerdict";

    public string ToCsv() => $"{MaHoSo},{Discrepancy},{ExpectedVerdict}";

    /// <summary>The verdict a discrepancy must produce under a policy ("strict" refuses names without diacritics).</summary>
    public static string VerdictFor(Discrepancy d, string policy) => d switch
    {
        Discrepancy.None or Discrepancy.Duplicate or Discrepancy.NfdText or Discrepancy.OldCmndOnly => "MATCH",
        Discrepancy.NoDiacritics or Discrepancy.NameTypo or Discrepancy.SwappedDayMonth or Discrepancy.YearOnlyBirth => policy == "strict" ? "MISMATCH" : "MATCH",
        Discrepancy.MissingId => "MISSING_ID",
        Discrepancy.WrongIdDigits => "INVALID_ID",
        Discrepancy.WrongBirthDate or Discrepancy.WrongGender => "MISMATCH",
        Discrepancy.NotInPopulation => "NOT_FOUND",
        _ => "DECEASED",
    };
}
