namespace DeAn06.Contracts.Reports;

/// <summary>The matching policies in plain Vietnamese, for reports and the command line.</summary>
public static class PolicyNames
{
    /// <summary>"đối khớp chặt (…)" for strict, "đối khớp linh hoạt (…)" for tolerant; another policy by its name.</summary>
    public static string Describe(string policy) => policy switch
    {
        "strict" => "đối khớp chặt: họ tên, ngày sinh và giới tính phải trùng khớp",
        "tolerant" => "đối khớp linh hoạt: chấp nhận tên không dấu, lỗi gõ nhỏ, ngày/tháng đảo chỗ và chỉ có năm sinh",
        _ => $"chính sách đối khớp {policy}",
    };
}
