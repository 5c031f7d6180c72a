using System.Text.Json;
using DeAn06.Matching.Text;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Apis;

public sealed class VerificationAndSearchTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string Verify = "/api/v1/XacThucThongTinCongDan";
    private const string Search = "/api/v1/TimKiemCongDan";
    private readonly HttpClient _client = factory.ReadyClient();

    private Citizen FullDateCitizen => Enumerable.Range(0, factory.Store.Count).Select(i => factory.Store[i]).First(c => !c.BirthYearOnly && c.FamilyName == "Nguyễn");

    [Fact]
    public async Task Verify_AllFieldsRight_AllTrueAndNoRecordReturned()
    {
        Citizen c = FullDateCitizen;
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Verify, new
        {
            SoDinhDanh = c.Id.ToString("D12"),
            HoVaTen = c.FullName.ToUpperInvariant().Normalize(System.Text.NormalizationForm.FormD),
            NgayThangNamSinh = c.BirthDateNumber.ToString("D8"),
            GioiTinh = c.IsMale ? "1" : "2",
        }));

        Assert.True(json.GetProperty("TonTai").GetBoolean());
        JsonElement result = json.GetProperty("KetQua");
        Assert.True(result.GetProperty("HoVaTen").GetBoolean());
        Assert.True(result.GetProperty("NgayThangNamSinh").GetBoolean());
        Assert.True(result.GetProperty("GioiTinh").GetBoolean());
        string raw = json.GetRawText();
        Assert.DoesNotContain(c.GivenName, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("ThuongTru", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WrongFields_AnswersFalsePerField()
    {
        Citizen c = FullDateCitizen;
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Verify, new
        {
            SoDinhDanh = c.Id.ToString("D12"),
            HoVaTen = new { Ho = c.FamilyName, ChuDem = c.MiddleName, Ten = c.GivenName + "x" },
            NgayThangNamSinh = (c.BirthDateNumber + 1).ToString("D8"),
            GioiTinh = c.IsMale ? "2" : "1",
        }));
        JsonElement result = json.GetProperty("KetQua");
        Assert.False(result.GetProperty("HoVaTen").GetBoolean());
        Assert.False(result.GetProperty("NgayThangNamSinh").GetBoolean());
        Assert.False(result.GetProperty("GioiTinh").GetBoolean());
    }

    [Fact]
    public async Task Verify_NameWithoutDiacritics_False()
    {
        Citizen c = FullDateCitizen;
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Verify, new { SoDinhDanh = c.Id.ToString("D12"), HoVaTen = VietnameseText.ToFolded(c.FullName) }));
        Assert.False(json.GetProperty("KetQua").GetProperty("HoVaTen").GetBoolean());
    }

    [Fact]
    public async Task Verify_UnknownId_TonTaiFalse()
    {
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Verify, new { SoDinhDanh = "096199999999", HoVaTen = "Nguyễn Văn A" }));
        Assert.False(json.GetProperty("TonTai").GetBoolean());
    }

    [Theory]
    [InlineData("""{"SoDinhDanh":"001082307521"}""", "MISSING_FIELD")]
    [InlineData("""{"SoDinhDanh":"123","HoVaTen":"A B"}""", "INVALID_ID_FORMAT")]
    [InlineData("""{"SoDinhDanh":"001082307521","GioiTinh":"Nam"}""", "INVALID_FIELD")]
    [InlineData("""{"SoDinhDanh":"001082307521","NgayThangNamSinh":"20/03/1982"}""", "INVALID_FIELD")]
    [InlineData("""{"SoDinhDanh":"001082307521","HoVaTen":{"Ho":"A","Foo":"B"}}""", "INVALID_FIELD")]
    [InlineData("""{"SoDinhDanh":"001082307521","HoVaTen":"  "}""", "INVALID_FIELD")]
    public async Task Verify_BadInput_400(string body, string code)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Verify, body), 400, code);
    }

    [Fact]
    public async Task Search_NameWithoutDiacritics_FindsCitizen()
    {
        Citizen c = FullDateCitizen;
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Search, new
        {
            HoVaTen = VietnameseText.ToFolded(c.FullName).ToUpperInvariant(),
            NgayThangNamSinh = c.BirthDateNumber.ToString("D8"),
            MaTinh = c.PermanentResidence.ProvinceCode.ToString("D2"),
        }));

        JsonElement[] candidates = json.GetProperty("UngVien").EnumerateArray().ToArray();
        Assert.Contains(candidates, x => x.GetProperty("SoDinhDanh").GetString() == c.Id.ToString("D12"));
        Assert.All(candidates, x => Assert.InRange(x.GetProperty("DoTinCay").GetDouble(), 0.0, 1.0));
    }

    [Fact]
    public async Task Search_ExactNameAndDate_HigherConfidenceThanYearOnly()
    {
        Citizen c = FullDateCitizen;
        JsonElement exact = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Search, new { HoVaTen = c.FullName, NgayThangNamSinh = c.BirthDateNumber.ToString("D8") }));
        JsonElement year = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Search, new { HoVaTen = c.FullName, NamSinh = c.BirthYear.ToString() }));

        double Confidence(JsonElement j) => j.GetProperty("UngVien").EnumerateArray().First(x => x.GetProperty("SoDinhDanh").GetString() == c.Id.ToString("D12")).GetProperty("DoTinCay").GetDouble();
        Assert.True(Confidence(exact) > Confidence(year));
    }

    [Fact]
    public async Task Search_OtherToneMarks_NotACandidate()
    {
        Citizen c = Enumerable.Range(0, factory.Store.Count).Select(i => factory.Store[i]).First(x => x.GivenName == "Hùng" && !x.BirthYearOnly);
        string otherName = c.FullName[..^4] + "Hưng";
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Search, new { HoVaTen = otherName, NgayThangNamSinh = c.BirthDateNumber.ToString("D8") }));
        Assert.DoesNotContain(json.GetProperty("UngVien").EnumerateArray(), x => x.GetProperty("SoDinhDanh").GetString() == c.Id.ToString("D12"));
    }

    [Theory]
    [InlineData("""{"HoVaTen":"Nguyễn Văn An"}""", "MISSING_FIELD")]
    [InlineData("""{"NamSinh":"1980"}""", "MISSING_FIELD")]
    [InlineData("""{"HoVaTen":"Nguyễn Văn An","NgayThangNamSinh":"19801340"}""", "INVALID_FIELD")]
    [InlineData("""{"HoVaTen":"Nguyễn Văn An","NamSinh":"1980","MaTinh":"03"}""", "INVALID_FIELD")]
    [InlineData("""{"HoVaTen":"Nguyễn Văn An","NamSinh":"1980","MaTinh":"6"}""", "INVALID_FIELD")]
    public async Task Search_BadInput_400(string body, string code)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Search, body), 400, code);
    }

    [Fact]
    public async Task Health_LiveAndReady_200()
    {
        await HttpAssert.OkJsonAsync(await _client.GetAsync("/health/live"));
        JsonElement ready = await HttpAssert.OkJsonAsync(await _client.GetAsync("/health/ready"));
        Assert.Equal(30000, ready.GetProperty("citizens").GetInt32());
    }
}
