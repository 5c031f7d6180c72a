using System.Globalization;
using System.Text.Json;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Apis;

/// <summary>XacThucThongTinCongDan's answer for a citizen added at run time: the same comparisons as for a generated one.</summary>
internal static class RuntimeCitizenVerifier
{
    public static void Write(Utf8JsonWriter w, RuntimeCitizen c, VerifyRequest r, string? name)
    {
        w.WriteStartObject();
        w.WriteBoolean("TonTai", true);
        w.WriteBoolean("DaChet", c.IsDeceased);
        w.WriteStartObject("KetQua");
        if (name is not null)
        {
            w.WriteBoolean("HoVaTen", VietnameseText.ToEquivalent(name) == VietnameseText.ToEquivalent(c.FullName));
        }

        if (r.NgayThangNamSinh is { } d)
        {
            w.WriteBoolean("NgayThangNamSinh", d.Length == 4 || c.BirthYearOnly
                ? int.Parse(d.AsSpan(0, 4), CultureInfo.InvariantCulture) == c.BirthDateNumber / 10000
                : int.Parse(d, CultureInfo.InvariantCulture) == c.BirthDateNumber);
        }

        if (r.GioiTinh is { } g)
        {
            w.WriteBoolean("GioiTinh", g == (c.IsMale ? "1" : "2"));
        }

        if (r.SoCMND is { } cm)
        {
            w.WriteBoolean("SoCMND", c.Cmnd != 0 && long.Parse(cm, CultureInfo.InvariantCulture) == c.Cmnd);
        }

        if (r.DanToc is { } e)
        {
            w.WriteBoolean("DanToc", int.TryParse(e, CultureInfo.InvariantCulture, out int code) && code == c.Ethnicity);
        }

        if (r.MaDonViHanhChinhThuongTru is { } a)
        {
            w.WriteBoolean("MaDonViHanhChinhThuongTru", a == c.PermanentCommune);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
