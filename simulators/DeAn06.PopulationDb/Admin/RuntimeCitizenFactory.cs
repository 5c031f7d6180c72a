using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Ids;
using DeAn06.PopulationDb.Apis;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Admin;

/// <summary>
/// Checks a <see cref="CitizenInput"/> (every error at once) and writes the citizen's look-up JSON in the
/// same shape as a generated citizen's, so the verification service cannot tell them apart.
/// </summary>
internal static class RuntimeCitizenFactory
{
    public static (RuntimeCitizen? Citizen, IReadOnlyList<string> Errors) Create(CitizenInput input)
    {
        var errors = new List<string>();
        long id = 0;
        int cmnd = 0;
        int birth = 0;
        bool yearOnly = false;
        if (!Identifier.TryParse(input.SoDinhDanh, out Identifier parsed) || parsed.IsCmnd)
        {
            errors.Add($"SoDinhDanh: {Identifier.Describe(input.SoDinhDanh)}; it must be the 12-digit personal ID number.");
        }
        else
        {
            id = parsed.Value;
        }

        if (input.SoCMND is { } c)
        {
            if (Identifier.TryParse(c, out Identifier parsedCmnd) && parsedCmnd.IsCmnd)
            {
                cmnd = (int)parsedCmnd.Value;
            }
            else
            {
                errors.Add($"SoCMND: {Identifier.Describe(c)}; it must be the 9-digit CMND number.");
            }
        }

        if (input.HoVaTen is not { Ho.Length: > 0 and <= 50, Ten.Length: > 0 and <= 50 } name || name.ChuDem is { Length: > 100 })
        {
            errors.Add("HoVaTen: give Ho and Ten (up to 50 characters each), and ChuDem when there is one.");
        }

        Gender gender = input.GioiTinh switch { "1" => Gender.Male, "2" => Gender.Female, _ => Gender.Unknown };
        if (gender == Gender.Unknown)
        {
            errors.Add("GioiTinh: must be \"1\" (Nam) or \"2\" (Nữ).");
        }

        if (input.NgayThangNamSinh is { Length: 8 } d && DateOnly.TryParseExact(d, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            birth = int.Parse(d, CultureInfo.InvariantCulture);
        }
        else if (input.NgayThangNamSinh is { Length: 4 } y && y.All(char.IsAsciiDigit))
        {
            birth = int.Parse(y, CultureInfo.InvariantCulture) * 10000;
            yearOnly = true;
        }
        else
        {
            errors.Add("NgayThangNamSinh: must be a real date written yyyyMMdd, or yyyy when only the year is known.");
        }

        if (input.DanToc is { } e && !(e.Length == 2 && e.All(char.IsAsciiDigit)))
        {
            errors.Add("DanToc: must be a two-digit ethnicity code (e.g. \"01\" for Kinh).");
        }

        if (input.MaDonViHanhChinhThuongTru is { } a && !(a.Length == 5 && a.All(char.IsAsciiDigit)))
        {
            errors.Add("MaDonViHanhChinhThuongTru: must be a five-digit commune code.");
        }

        if (input.NgayChet is { } death && !(death.Length == 8 && DateOnly.TryParseExact(death, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            errors.Add("NgayChet: must be a real date written yyyyMMdd.");
        }

        // The verification service checks these rules and would answer INVALID_ID for a citizen that breaks them.
        if (id != 0 && gender != Gender.Unknown && birth != 0 && PersonalId.CheckStructure(id, gender, birth / 10000) is var rule && rule != IdRule.None)
        {
            errors.Add($"SoDinhDanh: breaks the ID rules ({rule}): digits 1–3 a province code, digit 4 century and gender, digits 5–6 the birth year.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        NameInput n = input.HoVaTen!;
        return (new RuntimeCitizen(id, cmnd, Write(input, id, cmnd, birth, yearOnly, full: true), Write(input, id, cmnd, birth, yearOnly, full: false))
        {
            FullName = string.IsNullOrEmpty(n.ChuDem) ? $"{n.Ho} {n.Ten}" : $"{n.Ho} {n.ChuDem} {n.Ten}",
            BirthDateNumber = birth,
            BirthYearOnly = yearOnly,
            IsMale = gender == Gender.Male,
            Ethnicity = input.DanToc is { } code ? int.Parse(code, CultureInfo.InvariantCulture) : 1,
            PermanentCommune = input.MaDonViHanhChinhThuongTru,
            IsDeceased = input.NgayChet is not null,
        }, []);
    }

    private static byte[] Write(CitizenInput input, long id, int cmnd, int birth, bool yearOnly, bool full)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, CitizenApi.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("SoDinhDanh", id.ToString("D12", CultureInfo.InvariantCulture));
            if (cmnd != 0)
            {
                w.WriteString("SoCMND", cmnd.ToString("D9", CultureInfo.InvariantCulture));
            }

            w.WriteStartObject("HoVaTen");
            w.WriteString("Ho", input.HoVaTen!.Ho);
            w.WriteString("ChuDem", input.HoVaTen.ChuDem ?? "");
            w.WriteString("Ten", input.HoVaTen.Ten);
            w.WriteEndObject();
            w.WriteString("GioiTinh", input.GioiTinh);
            w.WriteStartObject("NgayThangNamSinh");
            if (!yearOnly)
            {
                w.WriteString("NgayThangNam", birth.ToString("D8", CultureInfo.InvariantCulture));
            }

            w.WriteString("Nam", (birth / 10000).ToString("D4", CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteString("DanToc", input.DanToc ?? "01");
            w.WriteString("QuocTich", "VN");
            if (input.NgayChet is { } death)
            {
                w.WriteStartObject("ChetMatTich");
                w.WriteString("TinhTrang", "CHET");
                w.WriteString("NgayChet", death);
                w.WriteEndObject();
            }

            if (input.MaDonViHanhChinhThuongTru is { } commune)
            {
                w.WriteStartObject("ThuongTru");
                w.WriteString("MaDonViHanhChinh", commune);
                if (full)
                {
                    w.WriteString("QuocGia", "VN");
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
