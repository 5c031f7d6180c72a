using System.Collections.Frozen;

namespace DeAn06.Matching.Names;

/// <summary>
/// Common Vietnamese given names, without diacritics. When both records' given names are in this list
/// and differ ("An" and "Anh", "Lan" and "Lam"), that is another name, not a typo: twins and siblings
/// differ exactly so.
/// </summary>
internal static class CommonGivenNames
{
    private static readonly FrozenSet<string> Names = FrozenSet.Create(StringComparer.Ordinal,
    [
        "an", "anh", "bac", "bach", "bang", "bao", "bich", "binh", "cam", "canh", "chau", "chi", "chien", "chinh", "cong", "cuc",
        "cuong", "dai", "dan", "danh", "dao", "dat", "diem", "diep", "dieu", "dinh", "doan", "dong", "duc", "dung", "duong", "duy",
        "duyen", "gam", "giang", "ha", "hai", "han", "hang", "hanh", "hao", "hau", "hien", "hiep", "hieu", "hoa", "hoai", "hoan",
        "hoang", "hong", "hue", "hung", "huong", "huy", "huyen", "khai", "khang", "khanh", "khoa", "khoi", "khue", "kien", "kim",
        "kieu", "lam", "lan", "le", "lien", "linh", "loan", "loc", "loi", "long", "luan", "ly", "mai", "manh", "minh", "my", "nam",
        "nga", "ngan", "nghia", "ngoc", "nguyet", "nhan", "nhat", "nhi", "nhung", "nhu", "oanh", "phat", "phong", "phu", "phuc",
        "phuong", "phuong", "quan", "quang", "quy", "quyen", "quynh", "sang", "son", "tai", "tam", "tan", "thai", "thang", "thanh",
        "thao", "thi", "thinh", "tho", "thom", "thu", "thuan", "thuy", "thu", "tien", "tin", "toan", "tram", "trang", "tri", "trinh",
        "trong", "trung", "truc", "tu", "tuan", "tung", "tuyen", "tuyet", "uyen", "van", "viet", "vinh", "vu", "vy", "xuan", "yen",
    ]);

    /// <summary>Given names correctly spelled without any mark ("Thu", "Hoa", "Lan"): written so, they are not stripped.</summary>
    private static readonly FrozenSet<string> Unmarked = FrozenSet.Create(StringComparer.Ordinal,
    [
        "an", "anh", "chi", "dung", "giang", "hoa", "huy", "khang", "khoa", "kim", "lam", "lan", "linh", "loan", "long", "ly",
        "mai", "minh", "my", "nam", "nga", "nhi", "nhung", "oanh", "phong", "quang", "sang", "thanh", "thu", "tin", "trang",
        "trinh", "trung", "vinh", "vy",
    ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Names.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UnmarkedLookup = Unmarked.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Contains(ReadOnlySpan<char> folded) => Lookup.Contains(folded);

    /// <summary>True for a lower-case given name whose correct spelling has no marks.</summary>
    public static bool IsUnmarkedName(ReadOnlySpan<char> lower) => UnmarkedLookup.Contains(lower);
}
