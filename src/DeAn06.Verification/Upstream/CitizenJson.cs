using System.Globalization;
using System.Text.Json;
using DeAn06.Matching.Dates;
using DeAn06.Matching.Genders;
using DeAn06.Matching.Records;

namespace DeAn06.Verification.Upstream;

/// <summary>Reads a QCVN 109 CongDan object into the fields matching compares.</summary>
internal static class CitizenJson
{
    private static readonly string[] NameParts = ["Ho", "ChuDem", "Ten"];

    public static ReferenceRecord Read(JsonElement c)
    {
        long id = long.Parse(c.GetProperty("SoDinhDanh").GetString()!, CultureInfo.InvariantCulture);
        int cmnd = c.TryGetProperty("SoCMND", out JsonElement m) && int.TryParse(m.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
        JsonElement name = c.GetProperty("HoVaTen");
        string fullName = string.Join(' ', NameParts
            .Select(p => name.TryGetProperty(p, out JsonElement part) ? part.GetString() : null)
            .Where(p => !string.IsNullOrEmpty(p)));
        JsonElement born = c.GetProperty("NgayThangNamSinh");
        string? dateText = born.TryGetProperty("NgayThangNam", out JsonElement full) ? full.GetString() : born.GetProperty("Nam").GetString();
        BirthDate date = BirthDate.TryParse(dateText, out BirthDate parsed) ? parsed : BirthDate.None;
        Gender gender = GenderParser.Parse(c.TryGetProperty("GioiTinh", out JsonElement g) ? g.GetString() : null);
        bool deceased = c.TryGetProperty("ChetMatTich", out _);
        return new ReferenceRecord(id, cmnd, fullName, date, gender, deceased);
    }
}
