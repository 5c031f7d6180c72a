using DeAn06.Matching.Comparison;

namespace DeAn06.Matching.Policies;

/// <summary>The built-in policies.</summary>
public static class MatchPolicies
{
    /// <summary>
    /// Every compared field EXACT or EQUIVALENT, like Aadhaar's exact demographic match: only Unicode
    /// form, case, spacing and notation may differ.
    /// </summary>
    public static MatchPolicy Strict { get; } = new()
    {
        Name = "strict",
        Description = "mọi trường so khớp chính xác (chỉ khác dạng Unicode, chữ hoa/thường, khoảng trắng, cách ghi)",
    };

    /// <summary>
    /// Accepts what legacy sector data typically carries for the same person: names without
    /// diacritics, a dropped middle name or swapped order, a small typo; a birth year where the
    /// other side has the full date, the 01/01 placeholder, day and month swapped. Gender must agree.
    /// Weak evidence on two fields at once is refused through the combined score.
    /// </summary>
    public static MatchPolicy Tolerant { get; } = new()
    {
        Name = "tolerant",
        Description = "chấp nhận tên không dấu, thiếu tên đệm, lỗi gõ nhỏ; chỉ có năm sinh, 01/01, đảo ngày/tháng; giới tính phải khớp",
        WeakestName = MatchLevel.Fuzzy,
        WeakestBirthDate = MatchLevel.Fuzzy,
        WeakestGender = MatchLevel.Equivalent,
        WeakestCmnd = MatchLevel.Equivalent,
        MinFuzzyScore = 0.83f,
        MinCombinedScore = 0.7f,
    };

    /// <summary>The built-ins by name.</summary>
    public static IReadOnlyDictionary<string, MatchPolicy> BuiltIn { get; } =
        new Dictionary<string, MatchPolicy>(StringComparer.OrdinalIgnoreCase) { [Strict.Name] = Strict, [Tolerant.Name] = Tolerant };
}
