using System.Text.Json;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Data;

namespace DeAn06.PopulationDb.Json;

/// <summary>
/// Writes citizens as QCVN 109 JSON straight from the store with a <see cref="Utf8JsonWriter"/>:
/// names are pre-encoded, numbers formatted into stack buffers, so the bulk path allocates nothing
/// per citizen.
/// </summary>
internal static class CitizenJsonWriter
{
    private static readonly JsonEncodedText SoDinhDanh = JsonEncodedText.Encode("SoDinhDanh");
    private static readonly JsonEncodedText SoCmnd = JsonEncodedText.Encode("SoCMND");
    private static readonly JsonEncodedText HoVaTen = JsonEncodedText.Encode("HoVaTen");
    private static readonly JsonEncodedText Ho = JsonEncodedText.Encode("Ho");
    private static readonly JsonEncodedText ChuDem = JsonEncodedText.Encode("ChuDem");
    private static readonly JsonEncodedText Ten = JsonEncodedText.Encode("Ten");
    private static readonly JsonEncodedText GioiTinh = JsonEncodedText.Encode("GioiTinh");
    private static readonly JsonEncodedText NgayThangNamSinh = JsonEncodedText.Encode("NgayThangNamSinh");
    private static readonly JsonEncodedText NgayThangNam = JsonEncodedText.Encode("NgayThangNam");
    private static readonly JsonEncodedText Nam = JsonEncodedText.Encode("Nam");
    private static readonly JsonEncodedText DanToc = JsonEncodedText.Encode("DanToc");
    private static readonly JsonEncodedText TonGiao = JsonEncodedText.Encode("TonGiao");
    private static readonly JsonEncodedText QuocTich = JsonEncodedText.Encode("QuocTich");
    private static readonly JsonEncodedText TinhTrangHonNhan = JsonEncodedText.Encode("TinhTrangHonNhan");
    private static readonly JsonEncodedText NoiDangKyKhaiSinh = JsonEncodedText.Encode("NoiDangKyKhaiSinh");
    private static readonly JsonEncodedText QueQuan = JsonEncodedText.Encode("QueQuan");
    private static readonly JsonEncodedText ThuongTru = JsonEncodedText.Encode("ThuongTru");
    private static readonly JsonEncodedText NoiOHienTai = JsonEncodedText.Encode("NoiOHienTai");
    private static readonly JsonEncodedText MaDonViHanhChinh = JsonEncodedText.Encode("MaDonViHanhChinh");
    private static readonly JsonEncodedText ChiTiet = JsonEncodedText.Encode("ChiTiet");
    private static readonly JsonEncodedText QuocGia = JsonEncodedText.Encode("QuocGia");
    private static readonly JsonEncodedText Cha = JsonEncodedText.Encode("Cha");
    private static readonly JsonEncodedText Me = JsonEncodedText.Encode("Me");
    private static readonly JsonEncodedText VoChong = JsonEncodedText.Encode("VoChong");
    private static readonly JsonEncodedText ChuHo = JsonEncodedText.Encode("ChuHo");
    private static readonly JsonEncodedText QuanHe = JsonEncodedText.Encode("QuanHe");
    private static readonly JsonEncodedText SoSoHoKhau = JsonEncodedText.Encode("SoSoHoKhau");
    private static readonly JsonEncodedText ChetMatTich = JsonEncodedText.Encode("ChetMatTich");
    private static readonly JsonEncodedText TinhTrang = JsonEncodedText.Encode("TinhTrang");
    private static readonly JsonEncodedText NgayChet = JsonEncodedText.Encode("NgayChet");
    private static readonly JsonEncodedText Vn = JsonEncodedText.Encode("VN");
    private static readonly JsonEncodedText Chet = JsonEncodedText.Encode("CHET");

    private static readonly JsonEncodedText[] Relations =
    [
        Encode("Chủ hộ"), Encode("Vợ"), Encode("Chồng"), Encode("Con"), Encode("Cha"), Encode("Mẹ"), Encode("Cháu"),
    ];

    /// <summary>The full record, as the single look-up returns it.</summary>
    public static void WriteFull(Utf8JsonWriter w, Citizen c)
    {
        w.WriteStartObject();
        WriteCore(w, c);
        WriteNumber(w, TonGiao, c.Religion, 2);
        WriteNumber(w, TinhTrangHonNhan, c.MaritalStatus, 1);
        WriteAddress(w, NoiDangKyKhaiSinh, c.BirthRegistrationPlace, null);
        WriteAddress(w, QueQuan, c.Hometown, null);
        WriteAddress(w, ThuongTru, c.PermanentResidence, HouseDetail(c.HouseholdHead, c.PermanentResidence));
        WriteAddress(w, NoiOHienTai, c.CurrentResidence, HouseDetail(c.HouseholdHead, c.CurrentResidence));
        WritePerson(w, Cha, c.Father);
        WritePerson(w, Me, c.Mother);
        WritePerson(w, VoChong, c.Spouse);
        Citizen head = c.HouseholdHead;
        w.WritePropertyName(ChuHo);
        w.WriteStartObject();
        w.WriteString(QuanHe, Relations[(int)c.RelationToHead]);
        WriteId(w, SoDinhDanh, head.Id);
        w.WriteString(HoVaTen, head.FullName);
        w.WriteEndObject();
        WriteNumber(w, SoSoHoKhau, (long)(Population.Generation.Rng.Mix(c.Store.Seed, (ulong)head.Index) % 1_000_000_000UL), 9);
        w.WriteEndObject();
    }

    /// <summary>The fields batch matching needs, as the bulk look-up returns them.</summary>
    public static void WriteCompact(Utf8JsonWriter w, Citizen c)
    {
        w.WriteStartObject();
        WriteCore(w, c);
        w.WritePropertyName(ThuongTru);
        w.WriteStartObject();
        w.WriteString(MaDonViHanhChinh, c.PermanentResidence.Code);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteId(Utf8JsonWriter w, JsonEncodedText name, long id) => WriteNumber(w, name, id, 12);

    private static void WriteCore(Utf8JsonWriter w, Citizen c)
    {
        WriteId(w, SoDinhDanh, c.Id);
        if (c.Cmnd != 0)
        {
            WriteNumber(w, SoCmnd, c.Cmnd, 9);
        }

        NameCatalogue names = NameCatalogue.Instance;
        CitizenStore s = c.Store;
        w.WritePropertyName(HoVaTen);
        w.WriteStartObject();
        w.WriteString(Ho, names.FamilyJson[s.FamilyNames[c.Index]]);
        w.WriteString(ChuDem, names.MiddleJson[s.MiddleNames[c.Index]]);
        w.WriteString(Ten, names.GivenJson[s.GivenNames[c.Index]]);
        w.WriteEndObject();
        WriteNumber(w, GioiTinh, c.IsMale ? 1 : 2, 1);
        w.WritePropertyName(NgayThangNamSinh);
        w.WriteStartObject();
        if (!c.BirthYearOnly)
        {
            WriteNumber(w, NgayThangNam, c.BirthDateNumber, 8);
        }

        WriteNumber(w, Nam, c.BirthYear, 4);
        w.WriteEndObject();
        WriteNumber(w, DanToc, (int)c.Ethnicity, 2);
        w.WriteString(QuocTich, Vn);
        if (c.IsDeceased)
        {
            w.WritePropertyName(ChetMatTich);
            w.WriteStartObject();
            w.WriteString(TinhTrang, Chet);
            WriteNumber(w, NgayChet, s.DeathDates[c.Index], 8);
            w.WriteEndObject();
        }
    }

    private static void WriteAddress(Utf8JsonWriter w, JsonEncodedText name, Commune commune, string? detail)
    {
        w.WritePropertyName(name);
        w.WriteStartObject();
        w.WriteString(MaDonViHanhChinh, commune.Code);
        w.WriteString(ChiTiet, detail is null ? commune.FullName : $"{detail}, {commune.FullName}");
        w.WriteString(QuocGia, Vn);
        w.WriteEndObject();
    }

    private static void WritePerson(Utf8JsonWriter w, JsonEncodedText name, Citizen? person)
    {
        if (person is not { } p)
        {
            return;
        }

        w.WritePropertyName(name);
        w.WriteStartObject();
        WriteId(w, SoDinhDanh, p.Id);
        w.WriteString(HoVaTen, p.FullName);
        w.WriteEndObject();
    }

    private static string HouseDetail(Citizen head, Commune commune)
    {
        ulong h = Population.Generation.Rng.Mix(head.Store.Seed ^ 0xADD7E55, (ulong)head.Index);
        int first = (int)(h % 40) + 1;
        int second = (int)(h / 40 % 150) + 1;
        return commune.IsRural ? $"Thôn {first}" : $"Số {second}, Tổ {first}";
    }

    private static void WriteNumber(Utf8JsonWriter w, JsonEncodedText name, long value, int digits)
    {
        Span<byte> buffer = stackalloc byte[20];
        value.TryFormat(buffer, out int written, digits switch
        {
            1 => "D1",
            2 => "D2",
            4 => "D4",
            8 => "D8",
            9 => "D9",
            _ => "D12",
        }, System.Globalization.CultureInfo.InvariantCulture);
        w.WriteString(name, buffer[..written]);
    }

    private static JsonEncodedText Encode(string text) =>
        JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
}
