using System.Globalization;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.PopulationDb.Population.Data;

/// <summary>
/// A synthetic but stable catalogue of districts and communes per province: 5-digit commune codes,
/// 3-digit district codes, Vietnamese-looking names. It does not depend on the population seed
/// (geography is fixed), so a commune code means the same place in every generated population.
/// The real catalogue (about 10,600 communes) is not bundled; codes here are not the official ones.
/// </summary>
public sealed class AdministrativeUnits
{
    private const ulong CatalogueSeed = 20240701;

    private static readonly string[] Syllables =
    [
        "Tân", "An", "Phú", "Hòa", "Bình", "Thành", "Long", "Phước", "Mỹ", "Hưng", "Đông", "Tây", "Nam",
        "Bắc", "Trung", "Quang", "Minh", "Đức", "Thuận", "Lợi", "Hiệp", "Thạnh", "Vĩnh", "Xuân", "Hải",
        "Sơn", "Lâm", "Kim", "Cẩm", "Yên", "Phong", "Lạc", "Thịnh", "Định", "Tiến", "Hợp", "Quý", "Nghĩa",
    ];

    private readonly int[] _provinceFirstCommune = new int[100];
    private readonly int[] _provinceCommuneCount = new int[100];

    private AdministrativeUnits(List<Commune> communes)
    {
        Communes = communes;
        Array.Fill(_provinceFirstCommune, -1);
        for (int i = 0; i < communes.Count; i++)
        {
            int p = communes[i].ProvinceCode;
            if (_provinceFirstCommune[p] < 0)
            {
                _provinceFirstCommune[p] = i;
            }

            _provinceCommuneCount[p]++;
        }
    }

    /// <summary>The catalogue, built once.</summary>
    public static AdministrativeUnits Instance { get; } = Build();

    /// <summary>Every commune, in province order; a citizen's address is an index into this list.</summary>
    public IReadOnlyList<Commune> Communes { get; }

    internal int RandomCommune(int provinceCode, ref Rng rng) =>
        _provinceFirstCommune[provinceCode] + rng.Next(_provinceCommuneCount[provinceCode]);

    private static AdministrativeUnits Build()
    {
        var communes = new List<Commune>(8_000);
        int districtCode = 1;
        foreach (Province province in Provinces.All)
        {
            var rng = Rng.For(CatalogueSeed, (ulong)province.Code);
            bool city = province.Code is 1 or 31 or 48 or 79 or 92;
            int districts = Math.Max(5, (int)Math.Round(province.PopulationThousands / 130.0));
            string provincePrefix = city ? "Thành phố" : "Tỉnh";
            for (int d = 0; d < districts; d++, districtCode++)
            {
                bool urbanDistrict = d == 0 || (city && d < districts / 2);
                string districtType = urbanDistrict ? (city ? "Quận" : "Thành phố") : "Huyện";
                string districtName = $"{districtType} {Name(ref rng)}";
                int communeCount = rng.Next(10, 18);
                for (int k = 0; k < communeCount; k++)
                {
                    string communeType = urbanDistrict ? "Phường" : (k == 0 ? "Thị trấn" : "Xã");
                    string code = (communes.Count + 1).ToString("00000", CultureInfo.InvariantCulture);
                    communes.Add(new Commune(
                        code,
                        districtCode.ToString("000", CultureInfo.InvariantCulture),
                        province.Code,
                        communeType == "Xã",
                        $"{communeType} {Name(ref rng)}, {districtName}, {provincePrefix} {province.Name}"));
                }
            }
        }

        return new AdministrativeUnits(communes);
    }

    private static string Name(ref Rng rng)
    {
        string first = Syllables[rng.Next(Syllables.Length)];
        string second;
        do
        {
            second = Syllables[rng.Next(Syllables.Length)];
        }
        while (second == first);

        return first + " " + second;
    }
}
