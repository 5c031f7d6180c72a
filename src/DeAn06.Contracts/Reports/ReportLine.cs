namespace DeAn06.Contracts.Reports;

/// <summary>One line of a provincial report: "BHXH Bắc Kạn: 310.080/310.462 (99,87 %), còn 382: 211 chưa có số định danh cá nhân, 171 thông tin cá nhân sai lệch".</summary>
public static class ReportLine
{
    /// <param name="subject">What the line is about, e.g. "BHXH Bắc Kạn".</param>
    /// <param name="matched">Records that matched.</param>
    /// <param name="total">Records checked (never those the population DB could not answer for).</param>
    /// <param name="byVerdict">Counts by verdict; the non-matching ones are listed as reasons.</param>
    /// <param name="notChecked">Records the population DB could not answer for.</param>
    public static string Format(string subject, long matched, long total, IReadOnlyDictionary<string, long> byVerdict, long notChecked)
    {
        ArgumentNullException.ThrowIfNull(byVerdict);
        string line = $"{subject}: {VietnameseFormat.Count(matched)}/{VietnameseFormat.Count(total)} ({VietnameseFormat.Percent(matched, total)})";
        long rest = total - matched;
        if (rest > 0)
        {
            var parts = Reasons.All.Where(r => byVerdict.GetValueOrDefault(r.Verdict) > 0)
                .Select(r => $"{VietnameseFormat.Count(byVerdict[r.Verdict])} {r.Text}");
            line += $", còn {VietnameseFormat.Count(rest)}: {string.Join(", ", parts)}";
        }

        if (notChecked > 0)
        {
            line += $"; {VietnameseFormat.Count(notChecked)} chưa kiểm tra được (CSDLQG về dân cư không phản hồi)";
        }

        return line;
    }

    /// <summary>
    /// What a job's line adds after the counts: lines that could not be read, and compared fields that no
    /// record carried ("; 2 dòng không đọc được; không đối chiếu NgayThangNamSinh (tệp không có dữ liệu này)").
    /// </summary>
    public static string JobNotes(long rejected, IReadOnlyCollection<string> notCompared)
    {
        ArgumentNullException.ThrowIfNull(notCompared);
        string notes = rejected > 0 ? $"; {VietnameseFormat.Count(rejected)} dòng không đọc được" : "";
        if (notCompared.Count > 0)
        {
            notes += $"; không đối chiếu {string.Join(", ", notCompared)} (tệp không có dữ liệu này)";
        }

        return notes;
    }
}
