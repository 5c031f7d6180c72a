using DeAn06.ServiceDefaults;
using System.Globalization;
using System.Text.Json;
using DeAn06.Matching.Ids;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Errors;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Population;

namespace DeAn06.PopulationDb.Apis;

/// <summary>
/// TimKiemCongDan: candidate IDs for a record that has none, by name (diacritics optional) and birth
/// date or year, optionally within a province. Each candidate carries a confidence in [0, 1]; the
/// caller proposes, an official decides.
/// </summary>
internal static class SearchHandler
{
    private const int MaxCandidates = 10;
    private static readonly JsonEncodedText UngVien = JsonEncodedText.Encode("UngVien");
    private static readonly JsonEncodedText SoDinhDanh = JsonEncodedText.Encode("SoDinhDanh");
    private static readonly JsonEncodedText DoTinCay = JsonEncodedText.Encode("DoTinCay");

    public static async Task<IResult> SearchAsync(HttpRequest request, PopulationHolder population)
    {
        var (body, error) = await JsonRequest.ReadAsync(request, PopulationJsonContext.Default.SearchRequest, CitizenApi.MaxSingleBodyBytes);
        if (error is not null)
        {
            return error;
        }

        SearchRequest r = body!;
        if (string.IsNullOrWhiteSpace(r.HoVaTen) || r.HoVaTen.Length > 200)
        {
            return Problems.BadRequest(ErrorCode.MissingField, "HoVaTen (the full name, up to 200 characters) is required.");
        }

        int fullDate = 0;
        int year;
        if (r.NgayThangNamSinh is { } d)
        {
            if (d.Length != 8 || !d.All(char.IsAsciiDigit) || !DateOnly.TryParseExact(d, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return Problems.BadRequest(ErrorCode.InvalidField, "NgayThangNamSinh must be a real date written yyyyMMdd.");
            }

            fullDate = int.Parse(d, CultureInfo.InvariantCulture);
            year = fullDate / 10000;
        }
        else if (r.NamSinh is { Length: 4 } y && y.All(char.IsAsciiDigit))
        {
            year = int.Parse(y, CultureInfo.InvariantCulture);
        }
        else
        {
            return Problems.BadRequest(ErrorCode.MissingField, "Send NgayThangNamSinh (yyyyMMdd) or NamSinh (yyyy).");
        }

        int province = 0;
        if (r.MaTinh is { } p && !(p.Length == 2 && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out province) && ProvinceCodes.IsKnown(province)))
        {
            return Problems.BadRequest(ErrorCode.InvalidField, $"MaTinh '{p}' is not a two-digit province code (e.g. \"06\" for Bắc Kạn).");
        }

        if (population.Store is not { } store || store.Demographics is not { } index)
        {
            return PopulationProblems.Loading();
        }

        string equivalent = VietnameseText.ToEquivalent(r.HoVaTen);
        bool queryHasMarks = VietnameseText.HasDiacritics(equivalent);
        var candidates = new List<(long Id, double Confidence)>();
        foreach (int i in index.Find(VietnameseText.ToFolded(r.HoVaTen), year))
        {
            Citizen c = store[i];
            if (province != 0 && c.BirthProvinceCode != province && c.PermanentResidence.ProvinceCode != province)
            {
                continue;
            }

            double confidence = 0.5;
            if (queryHasMarks)
            {
                if (VietnameseText.ToEquivalent(c.FullName) != equivalent)
                {
                    continue; // same letters, other tone marks: another name (Hùng is not Hưng)
                }

                confidence += 0.2;
            }
            else
            {
                confidence += 0.1;
            }

            if (fullDate != 0)
            {
                if (!c.BirthYearOnly && c.BirthDateNumber != fullDate)
                {
                    continue;
                }

                confidence += c.BirthYearOnly ? 0.05 : 0.25;
            }

            confidence += province != 0 ? 0.04 : 0;
            candidates.Add((c.Id, Math.Min(Math.Round(confidence, 2), 0.99)));
        }

        candidates.Sort((a, b) => b.Confidence.CompareTo(a.Confidence));
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(UngVien);
            foreach (var (id, confidence) in candidates.Take(MaxCandidates))
            {
                w.WriteStartObject();
                CitizenJsonWriter.WriteId(w, SoDinhDanh, id);
                w.WriteNumber(DoTinCay, confidence);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("TongSo", candidates.Count);
            w.WriteEndObject();
        });
    }
}
