namespace DeAn06.PopulationDb.Population.Data;

/// <summary>
/// Vietnam's age structure, 2019 census, in five-year bands (share of the population, %):
/// 0–14 ≈ 24 %, 15–64 ≈ 68 %, 65+ ≈ 8 %.
/// </summary>
public static class AgePyramid
{
    /// <summary>Share (%) of each five-year band, from 0–4 to 85–89 (the last band stands for 85+).</summary>
    public static IReadOnlyList<double> BandShares { get; } =
        [8.1, 8.6, 7.5, 6.6, 7.0, 8.0, 8.3, 7.7, 7.3, 6.6, 6.1, 5.4, 4.4, 3.0, 1.9, 1.3, 1.0, 1.2];

    /// <summary>Expected share of citizens under 15.</summary>
    public static double ShareUnder15 => BandShares.Take(3).Sum() / 100;

    /// <summary>Expected share of citizens aged 65 or more.</summary>
    public static double Share65Plus => BandShares.Skip(13).Sum() / 100;
}
