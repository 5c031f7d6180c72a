using DeAn06.ServiceDefaults;
using System.Text.Json;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Apis;

/// <summary>
/// XacThucThongTinCongDan: answers yes/no per submitted field and never returns the record
/// (data minimisation, as Aadhaar's demographic authentication does). Names compare after NFC,
/// case and spacing normalisation; nothing fuzzier, since grading is the verification service's job.
/// </summary>
internal static class VerificationHandler
{
    private static readonly JsonEncodedText TonTai = JsonEncodedText.Encode("TonTai");
    private static readonly JsonEncodedText DaChet = JsonEncodedText.Encode("DaChet");
    private static readonly JsonEncodedText KetQua = JsonEncodedText.Encode("KetQua");

    public static async Task<IResult> VerifyAsync(HttpRequest request, PopulationHolder population, RuntimeCitizens runtime)
    {
        var (body, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.VerifyRequest, CitizenApi.MaxSingleBodyBytes);
        if (error is not null)
        {
            return error;
        }

        VerifyRequest r = body!;
        if (!Identifier.TryParse(r.SoDinhDanh, out Identifier id) || id.IsCmnd)
        {
            return Problems.BadRequest(ErrorCode.InvalidIdFormat, $"SoDinhDanh {Identifier.Describe(r.SoDinhDanh)}; it must be the 12-digit personal ID number.");
        }

        if (!TryReadName(r.HoVaTen, out string? name, out string? nameError))
        {
            return Problems.BadRequest(ErrorCode.InvalidField, nameError!);
        }

        if (r.NgayThangNamSinh is { } date && !(date.Length is 8 or 4 && date.All(char.IsAsciiDigit)))
        {
            return Problems.BadRequest(ErrorCode.InvalidField, "NgayThangNamSinh must be yyyyMMdd, or yyyy when only the year is known.");
        }

        if (r.GioiTinh is not (null or "0" or "1" or "2"))
        {
            return Problems.BadRequest(ErrorCode.InvalidField, "GioiTinh must be a QCVN 109 code: \"1\" (Nam), \"2\" (Nữ) or \"0\" (not recorded).");
        }

        if (r.SoCMND is not null && (!Identifier.TryParse(r.SoCMND, out Identifier cmnd) || !cmnd.IsCmnd))
        {
            return Problems.BadRequest(ErrorCode.InvalidIdFormat, $"SoCMND {Identifier.Describe(r.SoCMND)}.");
        }

        if (name is null && r.NgayThangNamSinh is null && r.GioiTinh is null && r.SoCMND is null && r.DanToc is null && r.MaDonViHanhChinhThuongTru is null)
        {
            return Problems.BadRequest(ErrorCode.MissingField, "Send at least one field to verify besides SoDinhDanh (e.g. HoVaTen, NgayThangNamSinh, GioiTinh).");
        }

        if (population.Store is not { } store)
        {
            return PopulationProblems.Loading();
        }

        Citizen? found = store.FindById(id.Value);
        if (found is null && runtime.Find(id.Value, isCmnd: false) is { } added)
        {
            return new JsonWriterResult(w => RuntimeCitizenVerifier.Write(w, added, r, name));
        }

        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean(TonTai, found.HasValue);
            if (found is { } c)
            {
                w.WriteBoolean(DaChet, c.IsDeceased);
                w.WriteStartObject(KetQua);
                if (name is not null)
                {
                    w.WriteBoolean("HoVaTen", VietnameseText.ToEquivalent(name) == VietnameseText.ToEquivalent(c.FullName));
                }

                if (r.NgayThangNamSinh is { } d)
                {
                    w.WriteBoolean("NgayThangNamSinh", d.Length == 4 || c.BirthYearOnly
                        ? int.Parse(d.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture) == c.BirthYear
                        : int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) == c.BirthDateNumber);
                }

                if (r.GioiTinh is { } g)
                {
                    w.WriteBoolean("GioiTinh", g == (c.IsMale ? "1" : "2"));
                }

                if (r.SoCMND is { } cm)
                {
                    w.WriteBoolean("SoCMND", c.Cmnd != 0 && long.Parse(cm, System.Globalization.CultureInfo.InvariantCulture) == c.Cmnd);
                }

                if (r.DanToc is { } e)
                {
                    w.WriteBoolean("DanToc", int.TryParse(e, out int code) && code == (int)c.Ethnicity);
                }

                if (r.MaDonViHanhChinhThuongTru is { } a)
                {
                    w.WriteBoolean("MaDonViHanhChinhThuongTru", a == c.PermanentResidence.Code);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    private static bool TryReadName(JsonElement? element, out string? name, out string? error)
    {
        name = null;
        error = null;
        if (element is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            name = e.GetString();
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            var parts = new List<string>(3);
            foreach (JsonProperty p in e.EnumerateObject())
            {
                if (p.Name is not ("Ho" or "ChuDem" or "Ten") || p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    error = "HoVaTen as an object takes only the strings Ho, ChuDem and Ten.";
                    return false;
                }
            }

            foreach (string part in new[] { "Ho", "ChuDem", "Ten" })
            {
                if (e.TryGetProperty(part, out JsonElement v) && v.GetString() is { Length: > 0 } s)
                {
                    parts.Add(s);
                }
            }

            name = string.Join(' ', parts);
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            error = "HoVaTen must be a full name (string, up to 200 characters) or an object {Ho, ChuDem, Ten}.";
            return false;
        }

        return true;
    }
}
