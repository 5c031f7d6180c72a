extern alias popdb;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Citizen = popdb::DeAn06.PopulationDb.Population.Citizen;

namespace DeAn06.Verification.Tests.Apis;

[Collection(StackCollection.Name)]
public sealed class RealtimeVerificationTests(StackFixture stack) : ServiceTest(stack)
{
    private Citizen Living(Func<Citizen, bool>? also = null) =>
        Enumerable.Range(0, Stack.Population.Count).Select(i => Stack.Population[i]).First(c => !c.IsDeceased && !c.BirthYearOnly && (also?.Invoke(c) ?? true));

    private static object Record(Citizen c, string? name = null, string? date = null, string? id = null) => new
    {
        SoDinhDanh = id ?? c.Id.ToString("D12", CultureInfo.InvariantCulture),
        HoVaTen = name ?? c.FullName,
        NgayThangNamSinh = date ?? c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        GioiTinh = c.IsMale ? "Nam" : "Nữ",
        MaHoSo = "HS-1",
    };

    [Fact]
    public async Task Verify_AsOnRecord_MatchWithFieldLevelsAndMaskedId()
    {
        Citizen c = Living();
        JsonElement json = await StackFixture.JsonAsync(await StackFixture.PostJsonAsync(Client, "/api/v1/verify", Record(c)));
        JsonElement result = json.GetProperty("result");

        Assert.Equal("MATCH", result.GetProperty("verdict").GetString());
        Assert.Equal("tolerant", json.GetProperty("policy").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("requestId").GetString()));
        string id = c.Id.ToString("D12", CultureInfo.InvariantCulture);
        Assert.Equal($"{id[..3]}*******{id[^2..]}", result.GetProperty("maskedId").GetString());
        Assert.Equal("EQUIVALENT", result.GetProperty("fields").GetProperty("NgayThangNamSinh").GetProperty("level").GetString());
        Assert.Equal("HS-1", result.GetProperty("maHoSo").GetString());
        Assert.DoesNotContain(id, json.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(c.GivenName + "\"", json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_StrictSector_NoDiacriticsIsMismatchNamingTheName()
    {
        using HttpClient thue = StackFixture.GatewayClient(Service, "THUE");
        Citizen c = Living(x => x.FullName != DeAn06.Matching.Text.VietnameseText.ToFolded(x.FullName));
        JsonElement json = await StackFixture.JsonAsync(await StackFixture.PostJsonAsync(thue, "/api/v1/verify", Record(c, name: DeAn06.Matching.Text.VietnameseText.ToFolded(c.FullName))));
        Assert.Equal("strict", json.GetProperty("policy").GetString());
        Assert.Equal("MISMATCH", json.GetProperty("result").GetProperty("verdict").GetString());
        Assert.Equal("HoVaTen", json.GetProperty("result").GetProperty("differing")[0].GetString());
        Assert.Equal("NO_DIACRITICS", json.GetProperty("result").GetProperty("fields").GetProperty("HoVaTen").GetProperty("level").GetString());
    }

    [Fact]
    public async Task Verify_WrongGenderOnCorrectId_MismatchOnGioiTinhNotInvalidId()
    {
        Citizen c = Living();
        var record = new
        {
            SoDinhDanh = c.Id.ToString("D12", CultureInfo.InvariantCulture),
            HoVaTen = c.FullName,
            NgayThangNamSinh = c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            GioiTinh = c.IsMale ? "Nữ" : "Nam",
            MaHoSo = "HS-2",
        };
        JsonElement result = (await StackFixture.JsonAsync(await StackFixture.PostJsonAsync(Client, "/api/v1/verify", record))).GetProperty("result");
        Assert.Equal("MISMATCH", result.GetProperty("verdict").GetString()); // counted as "thông tin cá nhân sai lệch"
        Assert.Equal("GioiTinh", result.GetProperty("differing")[0].GetString());
    }

    [Fact]
    public async Task Verify_EveryVerdict()
    {
        Citizen c = Living();
        Citizen dead = Enumerable.Range(0, Stack.Population.Count).Select(i => Stack.Population[i]).First(x => x.IsDeceased && !x.BirthYearOnly);
        string id = c.Id.ToString("D12", CultureInfo.InvariantCulture);
        var cases = new (object Record, string Verdict)[]
        {
            (Record(c), "MATCH"),
            (Record(c, date: c.BirthDate!.Value.AddDays(c.BirthDate.Value.Day <= 20 ? 3 : -3).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)), "MISMATCH"),
            (Record(c, id: "096" + id[3..6] + "999999"), "NOT_FOUND"),
            (Record(c, id: ""), "MISSING_ID"),
            (Record(c, id: id[..4] + ((int.Parse(id[4..6], CultureInfo.InvariantCulture) + 1) % 100).ToString("D2", CultureInfo.InvariantCulture) + id[6..]), "INVALID_ID"),
            (Record(dead), "DECEASED"),
        };

        JsonElement json = await StackFixture.JsonAsync(await StackFixture.PostJsonAsync(Client, "/api/v1/verify/many", new { Records = cases.Select(x => x.Record).ToArray() }));
        string[] verdicts = json.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("verdict").GetString()!).ToArray();
        Assert.Equal(cases.Select(x => x.Verdict), verdicts);
        JsonElement invalid = json.GetProperty("results")[4];
        Assert.Equal("BIRTH_YEAR_MISMATCH", invalid.GetProperty("idRule").GetString());
        JsonElement missing = json.GetProperty("results")[3];
        Assert.Contains(missing.GetProperty("candidates").EnumerateArray(), x => x.GetProperty("maskedId").GetString() == $"{id[..3]}*******{id[^2..]}");
    }

    [Fact]
    public async Task Verify_WithoutGatewaySecret_401()
    {
        using HttpClient direct = Service.CreateClient();
        direct.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        await StackFixture.ProblemAsync(await StackFixture.PostJsonAsync(direct, "/api/v1/verify", Record(Living())), 401, "CALLER_NOT_TRUSTED");
        direct.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", "wrong-secret-wrong-secret");
        await StackFixture.ProblemAsync(await StackFixture.PostJsonAsync(direct, "/api/v1/verify", Record(Living())), 401, "CALLER_NOT_TRUSTED");
    }

    [Fact]
    public async Task Verify_BadConsumerHeader_400()
    {
        using HttpClient client = StackFixture.GatewayClient(Service, "B H X H");
        await StackFixture.ProblemAsync(await StackFixture.PostJsonAsync(client, "/api/v1/verify", Record(Living())), 400, "CALLER_HEADERS_INVALID");
    }

    [Theory]
    [InlineData("""{"SoDinhDanh":"001085866844","HoVaTen":"A","NgayThangNamSinh":"32/13/1990"}""", 400, "INVALID_FIELD")]
    [InlineData("""{"SoDinhDanh":"001085866844","HoVaTen":"A","GioiTinh":"X"}""", 400, "INVALID_FIELD")]
    [InlineData("""{"SoDinhDanh":"001085866844"}""", 400, "INVALID_FIELD")]
    [InlineData("""{"SoDinhDanh":"001085866844","HoVaTen":"A","Foo":1}""", 400, "UNKNOWN_FIELD")]
    [InlineData("""{"SoDinhDanh":""", 400, "MALFORMED_JSON")]
    public async Task Verify_BadInput_ProblemJson(string body, int status, string code)
    {
        await StackFixture.ProblemAsync(await Client.PostAsync("/api/v1/verify", new StringContent(body, Encoding.UTF8, "application/json")), status, code);
    }

    [Fact]
    public async Task Verify_WrongContentType_415()
    {
        await StackFixture.ProblemAsync(await Client.PostAsync("/api/v1/verify", new StringContent("{}", Encoding.UTF8, "text/plain")), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task VerifyMany_MoreThanHundred_400TooManyRecords()
    {
        var records = Enumerable.Repeat(Record(Living()), 101).ToArray();
        await StackFixture.ProblemAsync(await StackFixture.PostJsonAsync(Client, "/api/v1/verify/many", new { Records = records }), 400, "TOO_MANY_RECORDS");
    }

    [Fact]
    public async Task VerifyMany_OneUnreadableRecord_400NamesItsIndex()
    {
        Citizen c = Living();
        var records = new[] { Record(c), Record(c, date: "not a date") };
        JsonElement problem = await StackFixture.ProblemAsync(await StackFixture.PostJsonAsync(Client, "/api/v1/verify/many", new { Records = records }), 400, "INVALID_FIELD");
        Assert.Equal(1, problem.GetProperty("index").GetInt32());
    }
}
