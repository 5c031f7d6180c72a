using System.Globalization;
using DeAn06.Cli.Tests.Support;

namespace DeAn06.Cli.Tests.Commands;

/// <summary>'dean06 verify' with files as offices send them, through the shared stack.</summary>
[Collection(StackCollection.Name)]
public sealed class VerifyFileTests(StackFixture stack)
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dean06-tests", "verify-" + Guid.NewGuid().ToString("N")[..8]);

    private string Line(int index, string separator = ",", bool withBirthDate = true)
    {
        var c = stack.Living(index);
        string born = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return string.Join(separator, withBirthDate
            ? new[] { $"A{index}", c.Id.ToString("D12", CultureInfo.InvariantCulture), c.FullName, born, c.IsMale ? "Nam" : "Nữ" }
            : [$"A{index}", c.Id.ToString("D12", CultureInfo.InvariantCulture), c.FullName, c.IsMale ? "Nam" : "Nữ"]);
    }

    [Fact]
    public async Task Verify_Windows1258File_Exit2NamingTheLine_NothingSent()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "cp1258.csv");
        // Line 3 holds "Nguyễn" as Windows-1258 writes it (0xEA, 0xDE): not UTF-8.
        await File.WriteAllBytesAsync(file, [.. System.Text.Encoding.UTF8.GetBytes($"MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n{Line(5100)}\nA2,001085866845,Nguy"), 0xEA, 0xDE, .. "n Van Binh,01/02/1990,Nam\n"u8]);
        CliResult r = await stack.RunAsync("verify", file);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("dean06: cp1258.csv: line 3 is not UTF-8 text", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file + ".results.ndjson"));
    }

    [Fact]
    public async Task Verify_UnknownProvinceForTheSector_Exit2NamingTheProvincesItHas()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "records.csv");
        await File.WriteAllTextAsync(file, $"MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n{Line(5200)}\n");
        CliResult r = await stack.RunAsync("verify", file, "--sector", "BHXH", "--province", "99");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("dean06: No BHXH client for province '99' in this stack; BHXH has clients for 06 (Bắc Kạn), 38 (Thanh Hóa) (leave out --province to send as BHXH).", r.Error.Trim());
    }

    [Fact]
    public async Task Verify_SemicolonFileWithoutBirthDates_CheckedAndTheReportLineSaysWhatWasNotCompared()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "excel.csv");
        await File.WriteAllTextAsync(file, $"MaHoSo;SoDinhDanh;HoVaTen;GioiTinh\n{Line(5300, ";", false)}\n{Line(5400, ";", false)}\n");
        CliResult r = await stack.RunAsync("verify", file, "--sector", "GIAODUC", "--province", "06");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Giáo dục Bắc Kạn: 2/2 (100,00 %); không đối chiếu NgayThangNamSinh (tệp không có dữ liệu này)", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RejectedLines_ProgressIsCheckedOverAcceptedWithRejectedApart()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "with-bad-lines.csv");
        await File.WriteAllTextAsync(file, $"MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n{Line(5500)}\nX1,001085866844,,01/01/1990,Nam\n{Line(5600)}\nX2,001085866844,An,32/13/1990,Nam\n");
        CliResult r = await stack.RunAsync("verify", file, "--sector", "DATDAI");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("DATDAI: đã kiểm tra 2/2 hồ sơ, 2 dòng không đọc được", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("4/2", r.Output, StringComparison.Ordinal);
        Assert.Contains("Đất đai: 2/2 (100,00 %); 2 dòng không đọc được", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_OnlyUnreadableLines_NothingCheckedNothingClaimedNotCompared()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "all-bad.csv");
        await File.WriteAllTextAsync(file, "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nX1,001085866844,,01/01/1990,Nam\n");
        CliResult r = await stack.RunAsync("verify", file, "--sector", "DATDAI");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Đất đai: 0/0 (—); 1 dòng không đọc được", r.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("không đối chiếu", r.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NothingForTheFilter_SaysSo()
    {
        CliResult r = await stack.RunAsync("report", "--sector", "NOSUCH");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.StartsWith("Chưa có số liệu xác thực", r.Output, StringComparison.Ordinal);
    }
}
