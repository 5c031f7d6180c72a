namespace DeAn06.PopulationDb.Population.Data;

/// <summary>A province as coded in the personal ID number (Thông tư 07/2016/TT-BCA, annex 1).</summary>
/// <param name="Code">The three-digit ID code, e.g. 6 for Bắc Kạn ("006").</param>
/// <param name="PopulationThousands">2019 census population, in thousands: the sampling weight.</param>
/// <param name="Ethnicities">Ethnic shares in the province; the remainder is Kinh.</param>
public sealed record Province(int Code, int PopulationThousands, IReadOnlyList<(Ethnicity Ethnicity, double Share)> Ethnicities)
{
    /// <summary>The province's name before the 2025 merger.</summary>
    public string Name { get; } = DeAn06.Matching.Ids.ProvinceCodes.NameOf(Code)
        ?? throw new ArgumentOutOfRangeException(nameof(Code), Code, "Not a province code.");

    /// <summary>
    /// The province it is part of since the 2025 merger (Nghị quyết 202/2025/QH15), by the old code of
    /// the province whose name it kept (Bắc Kạn, 6 → Thái Nguyên, 19); ID numbers keep the old code.
    /// </summary>
    public int Province2025 => DeAn06.Matching.Ids.ProvinceMerger2025.NewProvinceOf(Code)!.Value;

    /// <summary>The administrative-unit code of the province (two digits, e.g. "06").</summary>
    public string AdministrativeCode => Code.ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The ID prefix ("006").</summary>
    public string IdCode => Code.ToString("000", System.Globalization.CultureInfo.InvariantCulture);
}
