using System.Net;
using System.Text.Json;
using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Admin;

/// <summary>Citizens added at run time (/admin/citizens), answered by the look-ups like generated ones.</summary>
public sealed class RuntimeCitizenTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    // Bắc Kạn (006), digit 4 = 1: a woman born in the 1900s, digits 5–6 = 91: born 1991.
    private const string Id = "006191000123";

    [Fact]
    public async Task AddedCitizen_SingleAndBulkLookupsFindIt_RemovedNoLonger()
    {
        HttpResponseMessage added = await fixture.AdminAsync(HttpMethod.Post, "/admin/citizens", new
        {
            SoDinhDanh = Id,
            SoCMND = "095000123",
            HoVaTen = new { Ho = "Hoàng", ChuDem = "Thị", Ten = "Mai" },
            GioiTinh = "2",
            NgayThangNamSinh = "19910305",
            DanToc = "02",
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("006*******23", (await HttpAssert.OkJsonAsync(added)).GetProperty("maskedId").GetString());

        JsonElement record = await HttpAssert.OkJsonAsync(await fixture.LookupAsync(Id));
        Assert.Equal("Mai", record.GetProperty("HoVaTen").GetProperty("Ten").GetString());
        Assert.Equal("19910305", record.GetProperty("NgayThangNamSinh").GetProperty("NgayThangNam").GetString());
        JsonElement byCmnd = await HttpAssert.OkJsonAsync(await fixture.Client.PostJsonAsync("/api/v1/TraCuuThongTinCongDan", """{"SoCMND":"095000123"}"""));
        Assert.Equal(Id, byCmnd.GetProperty("SoDinhDanh").GetString());

        JsonElement bulk = await HttpAssert.OkJsonAsync(await fixture.BulkAsync(fixture.IdAt(1), Id, "006191999999"));
        JsonElement[] items = [.. bulk.GetProperty("KetQua").EnumerateArray()];
        Assert.True(items[0].GetProperty("TimThay").GetBoolean());
        Assert.True(items[1].GetProperty("TimThay").GetBoolean());
        Assert.Equal("Hoàng", items[1].GetProperty("CongDan").GetProperty("HoVaTen").GetProperty("Ho").GetString());
        Assert.False(items[2].GetProperty("TimThay").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.AdminAsync(HttpMethod.Delete, $"/admin/citizens/{Id}")).StatusCode);
        await HttpAssert.ProblemAsync(await fixture.LookupAsync(Id), 404, "CITIZEN_NOT_FOUND");
    }

    [Fact]
    public async Task AddedCitizen_XacThucComparesItsFields()
    {
        const string id = "006091000456"; // Bắc Kạn, a man born in 1991
        HttpResponseMessage added = await fixture.AdminAsync(HttpMethod.Post, "/admin/citizens", new
        {
            SoDinhDanh = id,
            HoVaTen = new { Ho = "Nông", ChuDem = "Văn", Ten = "Dền" },
            GioiTinh = "1",
            NgayThangNamSinh = "1991",
            DanToc = "02",
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        JsonElement answer = await HttpAssert.OkJsonAsync(await fixture.Client.PostJsonAsync("/api/v1/XacThucThongTinCongDan",
            $$"""{"SoDinhDanh":"{{id}}","HoVaTen":"nông  văn DỀN","NgayThangNamSinh":"19910412","GioiTinh":"2","DanToc":"02"}"""));
        Assert.True(answer.GetProperty("TonTai").GetBoolean());
        Assert.False(answer.GetProperty("DaChet").GetBoolean());
        JsonElement result = answer.GetProperty("KetQua");
        Assert.True(result.GetProperty("HoVaTen").GetBoolean());
        Assert.True(result.GetProperty("NgayThangNamSinh").GetBoolean()); // only the year is on record
        Assert.False(result.GetProperty("GioiTinh").GetBoolean());
        Assert.True(result.GetProperty("DanToc").GetBoolean());
    }

    [Fact]
    public async Task InvalidCitizen_400ListsEveryError()
    {
        // A man's record under a woman's ID digit, born in another year than digits 5–6 say: the verification service would answer INVALID_ID.
        HttpResponseMessage response = await fixture.AdminAsync(HttpMethod.Post, "/admin/citizens", new
        {
            SoDinhDanh = "006191000124",
            HoVaTen = new { Ho = "", Ten = "Mai" },
            GioiTinh = "1",
            NgayThangNamSinh = "1991",
            DanToc = "Kinh",
        });
        JsonElement problem = await HttpAssert.ProblemAsync(response, 400, "INVALID_CITIZEN");
        string[] errors = [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Contains(errors, e => e.StartsWith("HoVaTen:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DanToc:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("SoDinhDanh: breaks the ID rules (GenderMismatch)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GeneratedCitizensId_409CitizenExists()
    {
        var c = fixture.Population[7];
        HttpResponseMessage response = await fixture.AdminAsync(HttpMethod.Post, "/admin/citizens", new
        {
            SoDinhDanh = fixture.IdAt(7),
            HoVaTen = new { Ho = c.FamilyName, ChuDem = c.MiddleName, Ten = c.GivenName },
            GioiTinh = c.IsMale ? "1" : "2",
            NgayThangNamSinh = c.BirthYearOnly ? $"{c.BirthYear:D4}" : $"{c.BirthDateNumber:D8}",
        });
        await HttpAssert.ProblemAsync(response, 409, "CITIZEN_EXISTS");
    }
}
