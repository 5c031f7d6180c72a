using System.Text;
using System.Text.Json;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Tests.Support;

namespace DeAn06.PopulationDb.Tests.Apis;

public sealed class CitizenApiTests(SimulatorFactory factory) : IClassFixture<SimulatorFactory>
{
    private const string Lookup = "/api/v1/TraCuuThongTinCongDan";
    private const string Bulk = "/api/v1/TraCuuThongTinCongDan/bulk";
    private readonly HttpClient _client = factory.ReadyClient();

    [Fact]
    public async Task Lookup_ById_ReturnsQcvn109Record()
    {
        Citizen c = factory.Store[123];
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostJsonAsync(Lookup, $$"""{"SoDinhDanh":"{{c.Id:D12}}"}"""));

        Assert.Equal(c.Id.ToString("D12"), json.GetProperty("SoDinhDanh").GetString());
        Assert.Equal(c.FamilyName, json.GetProperty("HoVaTen").GetProperty("Ho").GetString());
        Assert.Equal(c.MiddleName, json.GetProperty("HoVaTen").GetProperty("ChuDem").GetString());
        Assert.Equal(c.GivenName, json.GetProperty("HoVaTen").GetProperty("Ten").GetString());
        Assert.Equal(c.IsMale ? "1" : "2", json.GetProperty("GioiTinh").GetString());
        Assert.Equal(c.BirthYear.ToString(), json.GetProperty("NgayThangNamSinh").GetProperty("Nam").GetString());
        Assert.Equal(c.PermanentResidence.Code, json.GetProperty("ThuongTru").GetProperty("MaDonViHanhChinh").GetString());
        Assert.Equal(c.HouseholdHead.Id.ToString("D12"), json.GetProperty("ChuHo").GetProperty("SoDinhDanh").GetString());
        foreach (string field in new[] { "DanToc", "QuocTich", "TonGiao", "TinhTrangHonNhan", "NoiDangKyKhaiSinh", "QueQuan", "NoiOHienTai", "SoSoHoKhau" })
        {
            Assert.True(json.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    [Fact]
    public async Task Lookup_ByCmnd_FindsTheSameCitizen()
    {
        Citizen c = Enumerable.Range(0, factory.Store.Count).Select(i => factory.Store[i]).First(x => x.Cmnd != 0);
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostJsonAsync(Lookup, $$"""{"SoCMND":"{{c.Cmnd:D9}}"}"""));
        Assert.Equal(c.Id.ToString("D12"), json.GetProperty("SoDinhDanh").GetString());
    }

    [Fact]
    public async Task Lookup_YearOnlyCitizen_OmitsFullDate()
    {
        Citizen c = Enumerable.Range(0, factory.Store.Count).Select(i => factory.Store[i]).First(x => x.BirthYearOnly);
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostJsonAsync(Lookup, $$"""{"SoDinhDanh":"{{c.Id:D12}}"}"""));
        JsonElement date = json.GetProperty("NgayThangNamSinh");
        Assert.False(date.TryGetProperty("NgayThangNam", out _));
        Assert.Equal(c.BirthYear.ToString(), date.GetProperty("Nam").GetString());
    }

    [Fact]
    public async Task Lookup_UnknownId_404CitizenNotFound()
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Lookup, """{"SoDinhDanh":"096199999999"}"""), 404, "CITIZEN_NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"SoDinhDanh":"00608520069"}""")]
    [InlineData("""{"SoDinhDanh":"0060852006901"}""")]
    [InlineData("""{"SoDinhDanh":"00608520069A"}""")]
    [InlineData("""{"SoDinhDanh":"006 085 200 6"}""")]
    [InlineData("""{"SoCMND":"123456789012"}""")]
    [InlineData("""{"SoCMND":"12345678"}""")]
    public async Task Lookup_MalformedId_400InvalidIdFormat(string body)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Lookup, body), 400, "INVALID_ID_FORMAT");
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"SoDinhDanh":"001082307521","SoCMND":"123456789"}""")]
    public async Task Lookup_NeitherOrBothIds_400MissingField(string body)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Lookup, body), 400, "MISSING_FIELD");
    }

    [Theory]
    [InlineData("""{"SoDinhDanh":""")]
    [InlineData("""not json""")]
    [InlineData("""{"SoDinhDanh":12}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("")]
    public async Task Lookup_BadJson_400MalformedJson(string body)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Lookup, body), 400, "MALFORMED_JSON");
    }

    [Theory]
    [InlineData("""{"SoDinhDanh":"001082307521","Extra":1}""")]
    [InlineData("""{"soDinhDanh":"001082307521"}""")]
    public async Task Lookup_UnknownField_400UnknownField(string body)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Lookup, body), 400, "UNKNOWN_FIELD");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task Lookup_WrongContentType_415(string mediaType)
    {
        var content = new StringContent("""{"SoDinhDanh":"001082307521"}""", Encoding.UTF8, mediaType);
        await HttpAssert.ProblemAsync(await _client.PostAsync(Lookup, content), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Lookup_NoContentType_415()
    {
        var content = new ByteArrayContent("""{"SoDinhDanh":"001082307521"}"""u8.ToArray());
        await HttpAssert.ProblemAsync(await _client.PostAsync(Lookup, content), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Lookup_OversizedBody_413()
    {
        string body = $$"""{"SoDinhDanh":"{{new string('1', 20_000)}}"}""";
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Lookup, body), 413, "BODY_TOO_LARGE");
    }

    [Fact]
    public async Task BulkLookup_MixedIds_AnswersEachInOrder()
    {
        CitizenStore s = factory.Store;
        Citizen withCmnd = Enumerable.Range(0, s.Count).Select(i => s[i]).First(x => x.Cmnd != 0);
        string[] ids = [s[5].Id.ToString("D12"), "096199999999", withCmnd.Cmnd.ToString("D9"), s[5].Id.ToString("D12")];
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Bulk, new { SoDinhDanh = ids }));

        JsonElement[] results = json.GetProperty("KetQua").EnumerateArray().ToArray();
        Assert.Equal(ids, results.Select(r => r.GetProperty("SoDinhDanh").GetString()));
        Assert.Equal(new[] { true, false, true, true }, results.Select(r => r.GetProperty("TimThay").GetBoolean()));
        Assert.Equal(withCmnd.Id.ToString("D12"), results[2].GetProperty("CongDan").GetProperty("SoDinhDanh").GetString());
        Assert.False(results[1].TryGetProperty("CongDan", out _));
        Assert.Equal(s[5].GivenName, results[0].GetProperty("CongDan").GetProperty("HoVaTen").GetProperty("Ten").GetString());
    }

    [Fact]
    public async Task BulkLookup_ThousandIds_Accepted()
    {
        string[] ids = Enumerable.Range(0, 1000).Select(i => factory.Store[i].Id.ToString("D12")).ToArray();
        JsonElement json = await HttpAssert.OkJsonAsync(await _client.PostAsJson(Bulk, new { SoDinhDanh = ids }));
        Assert.Equal(1000, json.GetProperty("KetQua").GetArrayLength());
        Assert.All(json.GetProperty("KetQua").EnumerateArray(), r => Assert.True(r.GetProperty("TimThay").GetBoolean()));
    }

    [Fact]
    public async Task BulkLookup_MoreThanThousandIds_400TooManyIds()
    {
        string[] ids = Enumerable.Range(0, 1001).Select(i => factory.Store[i].Id.ToString("D12")).ToArray();
        await HttpAssert.ProblemAsync(await _client.PostAsJson(Bulk, new { SoDinhDanh = ids }), 400, "TOO_MANY_IDS");
    }

    [Fact]
    public async Task BulkLookup_OneMalformedId_400NamesItsIndex()
    {
        string[] ids = [factory.Store[0].Id.ToString("D12"), "12345", factory.Store[1].Id.ToString("D12")];
        JsonElement problem = await HttpAssert.ProblemAsync(await _client.PostAsJson(Bulk, new { SoDinhDanh = ids }), 400, "INVALID_ID_FORMAT");
        Assert.Equal(1, problem.GetProperty("invalidIndexes")[0].GetInt32());
        Assert.Contains("index 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"SoDinhDanh":[]}""")]
    [InlineData("""{}""")]
    public async Task BulkLookup_NoIds_400MissingField(string body)
    {
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Bulk, body), 400, "MISSING_FIELD");
    }

    [Fact]
    public async Task BulkLookup_OversizedBody_413()
    {
        string body = "{\"SoDinhDanh\":[" + string.Join(',', Enumerable.Repeat("\"001082307521\"", 5000)) + "]}";
        await HttpAssert.ProblemAsync(await _client.PostJsonAsync(Bulk, body), 413, "BODY_TOO_LARGE");
    }

    [Fact]
    public async Task UnknownRoute_404ProblemJson()
    {
        await HttpAssert.ProblemAsync(await _client.GetAsync("/api/v1/KhongCo"), 404, "ROUTE_NOT_FOUND");
    }

    [Fact]
    public async Task WrongMethod_405ProblemJson()
    {
        await HttpAssert.ProblemAsync(await _client.GetAsync(Lookup), 405, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Lookup_Response_CarriesServerTiming()
    {
        HttpResponseMessage response = await _client.PostJsonAsync(Lookup, $$"""{"SoDinhDanh":"{{factory.Store[1].Id:D12}}"}""");
        Assert.StartsWith("app;dur=", response.Headers.GetValues("Server-Timing").Single(), StringComparison.Ordinal);
    }
}
