namespace DeAn06.Matching.Ids;

/// <summary>
/// The 2025 merger of provinces (Nghị quyết 202/2025/QH15 of 12 June 2025 on rearranging provincial
/// administrative units, in force the same day): 63 provinces became 34 — 11 unchanged and 23 formed
/// by merging two or three. ID numbers keep the old birth-registration codes
/// (<see cref="ProvinceCodes"/>), so figures grouped by ID code map onto the new provinces through
/// this table. A new province is identified here by the old code of the province whose name it kept
/// (Thái Nguyên = 19 takes in Bắc Kạn = 6), not by the renumbered codes of the 2025 list.
/// </summary>
public static class ProvinceMerger2025
{
    // New province (old code of the province whose name it kept) ← the old provinces merged into it.
    // Article 1 of the resolution, clause by clause.
    private static readonly (int NewCode, int[] Old)[] Merges =
    [
        (8, [8, 2]),          // Tuyên Quang ← Tuyên Quang, Hà Giang
        (10, [10, 15]),       // Lào Cai ← Lào Cai, Yên Bái
        (19, [19, 6]),        // Thái Nguyên ← Thái Nguyên, Bắc Kạn
        (25, [25, 26, 17]),   // Phú Thọ ← Phú Thọ, Vĩnh Phúc, Hòa Bình
        (27, [27, 24]),       // Bắc Ninh ← Bắc Ninh, Bắc Giang
        (33, [33, 34]),       // Hưng Yên ← Hưng Yên, Thái Bình
        (31, [31, 30]),       // Hải Phòng ← Hải Phòng, Hải Dương
        (37, [37, 35, 36]),   // Ninh Bình ← Ninh Bình, Hà Nam, Nam Định
        (45, [45, 44]),       // Quảng Trị ← Quảng Trị, Quảng Bình
        (48, [48, 49]),       // Đà Nẵng ← Đà Nẵng, Quảng Nam
        (51, [51, 62]),       // Quảng Ngãi ← Quảng Ngãi, Kon Tum
        (64, [64, 52]),       // Gia Lai ← Gia Lai, Bình Định
        (56, [56, 58]),       // Khánh Hòa ← Khánh Hòa, Ninh Thuận
        (68, [68, 67, 60]),   // Lâm Đồng ← Lâm Đồng, Đắk Nông, Bình Thuận
        (66, [66, 54]),       // Đắk Lắk ← Đắk Lắk, Phú Yên
        (79, [79, 74, 77]),   // Thành phố Hồ Chí Minh ← TP HCM, Bình Dương, Bà Rịa - Vũng Tàu
        (75, [75, 70]),       // Đồng Nai ← Đồng Nai, Bình Phước
        (72, [72, 80]),       // Tây Ninh ← Tây Ninh, Long An
        (92, [92, 94, 93]),   // Cần Thơ ← Cần Thơ, Sóc Trăng, Hậu Giang
        (86, [86, 83, 84]),   // Vĩnh Long ← Vĩnh Long, Bến Tre, Trà Vinh
        (87, [87, 82]),       // Đồng Tháp ← Đồng Tháp, Tiền Giang
        (96, [96, 95]),       // Cà Mau ← Cà Mau, Bạc Liêu
        (89, [89, 91]),       // An Giang ← An Giang, Kiên Giang
    ];

    // Unchanged by the resolution: Hà Nội, Huế, Lai Châu, Điện Biên, Sơn La, Lạng Sơn, Quảng Ninh,
    // Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng.
    private static readonly int[] Unchanged = [1, 46, 12, 11, 14, 20, 22, 38, 40, 42, 4];

    private static readonly Dictionary<int, int> NewOf = Build();

    /// <summary>The 34 provinces after the merger, by the old code of the province whose name each kept, ascending.</summary>
    public static IReadOnlyList<int> NewProvinces { get; } = NewOf.Values.Distinct().Order().ToArray();

    /// <summary>The province (by its kept old code) that the old province <paramref name="oldCode"/> is part of since 2025; null for an unknown code.</summary>
    public static int? NewProvinceOf(int oldCode) => NewOf.TryGetValue(oldCode, out int code) ? code : null;

    /// <summary>The name of a province after the merger ("Huế" for the former Thừa Thiên Huế); null for a code that is not one of the 34.</summary>
    public static string? NewNameOf(int newCode) => !NewProvinces.Contains(newCode) ? null : newCode switch
    {
        46 => "Huế", // the centrally-run city of Huế (2024) keeps its area, without "Thừa Thiên"
        _ => ProvinceCodes.NameOf(newCode),
    };

    private static Dictionary<int, int> Build()
    {
        var map = new Dictionary<int, int>();
        foreach (int code in Unchanged)
        {
            map.Add(code, code);
        }

        foreach (var (newCode, old) in Merges)
        {
            foreach (int code in old)
            {
                map.Add(code, newCode); // Add, not the indexer: a province listed twice fails at start
            }
        }

        return map;
    }
}
