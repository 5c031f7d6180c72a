using static DeAn06.PopulationDb.Population.Data.Ethnicity;

namespace DeAn06.PopulationDb.Population.Data;

/// <summary>
/// The 63 provinces with their ID codes, 2019 census populations (thousands) and, where a minority
/// is large, approximate ethnic shares (2019 census, rounded). Kinh makes up the remainder.
/// </summary>
public static class Provinces
{
    public static IReadOnlyList<Province> All { get; } =
    [
        new(1, 8054, []),
        new(2, 855, [(Hmong, 0.33), (Tay, 0.23), (Dao, 0.15), (Nung, 0.09)]),
        new(4, 530, [(Tay, 0.40), (Nung, 0.30), (Hmong, 0.10), (Dao, 0.10)]),
        new(6, 314, [(Tay, 0.52), (Dao, 0.17), (Nung, 0.09), (Hmong, 0.02)]),
        new(8, 785, [(Tay, 0.25), (Dao, 0.12), (Nung, 0.02)]),
        new(10, 731, [(Hmong, 0.26), (Tay, 0.15), (Dao, 0.14), (Nung, 0.04)]),
        new(11, 599, [(Thai, 0.36), (Hmong, 0.37)]),
        new(12, 460, [(Hmong, 0.36), (Thai, 0.33), (Dao, 0.14)]),
        new(14, 1248, [(Thai, 0.53), (Hmong, 0.17), (Muong, 0.08)]),
        new(15, 822, [(Tay, 0.18), (Hmong, 0.11), (Dao, 0.10), (Thai, 0.06)]),
        new(17, 854, [(Muong, 0.64)]),
        new(19, 1287, [(Tay, 0.11), (Nung, 0.06), (Dao, 0.02)]),
        new(20, 782, [(Nung, 0.42), (Tay, 0.35), (Dao, 0.04)]),
        new(22, 1320, [(Dao, 0.05), (Tay, 0.03)]),
        new(24, 1804, [(Nung, 0.05), (Tay, 0.03)]),
        new(25, 1464, [(Muong, 0.14)]),
        new(26, 1151, []),
        new(27, 1369, []),
        new(30, 1893, []),
        new(31, 2029, []),
        new(33, 1253, []),
        new(34, 1861, []),
        new(35, 853, []),
        new(36, 1781, []),
        new(37, 983, [(Muong, 0.02)]),
        new(38, 3641, [(Muong, 0.09), (Thai, 0.06)]),
        new(40, 3328, [(Thai, 0.10)]),
        new(42, 1289, []),
        new(44, 896, []),
        new(45, 633, []),
        new(46, 1129, []),
        new(48, 1135, []),
        new(49, 1496, []),
        new(51, 1232, []),
        new(52, 1487, []),
        new(54, 873, []),
        new(56, 1232, []),
        new(58, 591, []),
        new(60, 1231, []),
        new(62, 541, []),
        new(64, 1514, []),
        new(66, 1870, [(Tay, 0.03), (Nung, 0.04)]),
        new(67, 623, [(Hmong, 0.04), (Nung, 0.04), (Tay, 0.03)]),
        new(68, 1297, []),
        new(70, 995, [(Nung, 0.02)]),
        new(72, 1170, []),
        new(74, 2427, []),
        new(75, 3097, [(Nung, 0.01)]),
        new(77, 1149, []),
        new(79, 8993, []),
        new(80, 1689, []),
        new(82, 1765, []),
        new(83, 1289, []),
        new(84, 1010, []),
        new(86, 1023, []),
        new(87, 1600, []),
        new(89, 1908, []),
        new(91, 1724, []),
        new(92, 1236, []),
        new(93, 734, []),
        new(94, 1200, []),
        new(95, 908, []),
        new(96, 1194, []),
    ];

    private static readonly Dictionary<int, Province> ByCode = All.ToDictionary(p => p.Code);

    /// <summary>Finds a province by its ID code (e.g. 6 for "006").</summary>
    public static Province? Find(int code) => ByCode.GetValueOrDefault(code);
}
