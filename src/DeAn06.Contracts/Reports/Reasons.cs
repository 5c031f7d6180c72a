using DeAn06.Contracts;

namespace DeAn06.Contracts.Reports;

/// <summary>Why a record did not match, in the reports' words.</summary>
public static class Reasons
{
    public static IReadOnlyList<(string Verdict, string Text)> All { get; } =
    [
        (Verdicts.MissingId, "chưa có số định danh cá nhân"),
        (Verdicts.Mismatch, "thông tin cá nhân sai lệch"),
        (Verdicts.InvalidId, "số định danh không hợp lệ"),
        (Verdicts.NotFound, "không có trong CSDLQG về dân cư"),
        (Verdicts.Deceased, "công dân đã chết"),
    ];
}
