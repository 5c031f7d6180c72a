namespace DeAn06.PopulationDb.Population.Data;

/// <summary>
/// How one ethnic group names its people: weighted family names, and gendered middle and given
/// names for older (born before 1980) and younger generations. Weights are relative.
/// </summary>
public sealed record NamingPattern(
    Ethnicity Ethnicity,
    IReadOnlyList<(string Name, double Weight)> FamilyNames,
    IReadOnlyList<(string Name, double Weight)> MaleMiddleOlder,
    IReadOnlyList<(string Name, double Weight)> MaleMiddleYounger,
    IReadOnlyList<(string Name, double Weight)> FemaleMiddleOlder,
    IReadOnlyList<(string Name, double Weight)> FemaleMiddleYounger,
    IReadOnlyList<string> MaleGiven,
    IReadOnlyList<string> FemaleGiven);
