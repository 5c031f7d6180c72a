using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeAn06.Cli.Tests.Support;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Cli.Tests.Stub;

/// <summary>dean06 stub: the simulator's answers from WireMock.Net mappings, its admin API behind the printed key, loopback only.</summary>
public sealed class StubCommandTests(StubFixture fixture) : IClassFixture<StubFixture>
{
    private const string Lookup = "api/v1/TraCuuThongTinCongDan";

    private static readonly CitizenStore Population = PopulationGenerator.Generate(StubFixture.Seed, StubFixture.Size, new DateOnly(2024, 7, 1));

    private static string Id(Citizen c) => c.Id.ToString("D12", CultureInfo.InvariantCulture);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<(HttpStatusCode Status, string? Type, string Body)> PostAsync(Uri baseAddress, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using HttpResponseMessage r = await http.PostAsync(path, Json(body));
        return (r.StatusCode, r.Content.Headers.ContentType?.MediaType, await r.Content.ReadAsStringAsync());
    }

    private HttpClient Admin(string? key)
    {
        var http = new HttpClient { BaseAddress = fixture.StubAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("dean06:" + key)));
        }

        return http;
    }

    [Fact]
    public async Task Lookup_GeneratedCitizens_SameJsonAsTheSimulator()
    {
        Citizen withCmnd = Enumerable.Range(0, StubFixture.Citizens).Select(i => Population[i]).First(c => c.Cmnd != 0);
        string[] bodies =
        [
            $$"""{"SoDinhDanh":"{{Id(Population[0])}}"}""",
            $$"""{"SoDinhDanh":"{{Id(Population[StubFixture.Citizens - 1])}}"}""",
            $$"""{"SoCMND":"{{withCmnd.Cmnd.ToString("D9", CultureInfo.InvariantCulture)}}"}""",
        ];
        foreach (string body in bodies)
        {
            var real = await PostAsync(fixture.Simulator.BaseAddress, Lookup, body);
            var stub = await PostAsync(fixture.StubAddress, Lookup, body);
            Assert.Equal(HttpStatusCode.OK, real.Status);
            Assert.Equal((real.Status, real.Type, real.Body), (stub.Status, stub.Type, stub.Body));
        }

        string bulk = $$"""{"SoDinhDanh":["{{Id(Population[1])}}","{{Id(Population[StubFixture.Citizens + 5])}}"]}""";
        var realBulk = await PostAsync(fixture.Simulator.BaseAddress, Lookup + "/bulk", bulk);
        var stubBulk = await PostAsync(fixture.StubAddress, Lookup + "/bulk", bulk);
        // The stub knows its sample only: the first number as the simulator answers it, the second not found.
        JsonNode expected = JsonNode.Parse(realBulk.Body)!;
        expected["KetQua"]![1] = new JsonObject { ["SoDinhDanh"] = Id(Population[StubFixture.Citizens + 5]), ["TimThay"] = false };
        Assert.Equal((HttpStatusCode.OK, "application/json"), (stubBulk.Status, stubBulk.Type));
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(stubBulk.Body)), $"simulator (second item as not found): {expected.ToJsonString()}\nstub: {stubBulk.Body}");
    }

    [Fact]
    public async Task Lookup_UnknownNumber_SimulatorsProblemShape()
    {
        const string body = """{"SoDinhDanh":"001099999999"}""";
        var real = await PostAsync(fixture.Simulator.BaseAddress, Lookup, body);
        var stub = await PostAsync(fixture.StubAddress, Lookup, body);
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (real.Status, real.Type));
        Assert.Equal((real.Status, real.Type), (stub.Status, stub.Type));

        // Same members in the same order and the same values, but the per-request trace id.
        JsonObject realJson = JsonNode.Parse(real.Body)!.AsObject();
        JsonObject stubJson = JsonNode.Parse(stub.Body)!.AsObject();
        Assert.Equal(realJson.Select(p => p.Key), stubJson.Select(p => p.Key));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-00$", stubJson["traceId"]!.GetValue<string>());
        realJson.Remove("traceId");
        stubJson.Remove("traceId");
        Assert.True(JsonNode.DeepEquals(realJson, stubJson), $"simulator: {real.Body}\nstub: {stub.Body}");
    }

    [Fact]
    public async Task AdminApi_AddedStubAndFault_Served()
    {
        using HttpClient admin = Admin(fixture.AdminKey);
        string mapping = """
            {"Priority":1,
             "Request":{"Path":"/api/v1/TraCuuThongTinCongDan","Methods":["POST"],"Body":{"Matcher":{"Name":"JsonMatcher","Pattern":{"SoDinhDanh":"079199000001"}}}},
             "Response":{"StatusCode":200,"Headers":{"Content-Type":"application/json; charset=utf-8"},"BodyAsJson":{"SoDinhDanh":"079199000001","HoVaTen":{"Ho":"Trần","ChuDem":"Thị","Ten":"Mai"}}}}
            """;
        using (HttpResponseMessage added = await admin.PostAsync("__admin/mappings", Json(mapping)))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var served = await PostAsync(fixture.StubAddress, Lookup, """{"SoDinhDanh":"079199000001"}""");
        Assert.Equal(HttpStatusCode.OK, served.Status);
        Assert.Equal("Mai", JsonNode.Parse(served.Body)!["HoVaTen"]!["Ten"]!.GetValue<string>());

        // A generated mapping written by --mappings-out, edited and posted back, wins over the generated one.
        string file = Directory.GetFiles(fixture.MappingsFolder, "lookup-0*.json").Order(StringComparer.Ordinal).First();
        JsonNode edited = JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        edited.AsObject().Remove("Guid");
        edited["Priority"] = 1;
        edited["Response"]!.AsObject().Remove("BodyAsJson");
        edited["Response"]!["StatusCode"] = 503;
        edited["Response"]!["Headers"] = new JsonObject { ["Retry-After"] = "30" };
        edited["Response"]!["Delay"] = 200;
        using (HttpResponseMessage added = await admin.PostAsync("__admin/mappings", Json(edited.ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        string id = Path.GetFileNameWithoutExtension(file)["lookup-".Length..];
        using var http = new HttpClient { BaseAddress = fixture.StubAddress };
        using HttpResponseMessage fault = await http.PostAsync(Lookup, Json($$"""{"SoDinhDanh":"{{id}}"}"""));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, fault.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), fault.Headers.RetryAfter?.Delta);

        // The request journal saw it.
        string journal = await admin.GetStringAsync("__admin/requests");
        Assert.Contains(id, journal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task AdminApi_WithoutTheKey_401(string? key)
    {
        using HttpClient admin = Admin(key);
        using HttpResponseMessage r = await admin.GetAsync("__admin/mappings");
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        using HttpResponseMessage post = await admin.PostAsync("__admin/mappings", Json("""{"Request":{"Path":"/x"},"Response":{"StatusCode":200}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task Stub_OtherInterfaces_NotListening()
    {
        Assert.Equal("127.0.0.1", fixture.StubAddress.Host);
        IPAddress[] others = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToArray();
        foreach (IPAddress address in others.Append(IPAddress.Parse("127.0.0.2")))
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(new IPEndPoint(address, fixture.StubAddress.Port)));
        }
    }

    [Fact]
    public async Task Verification_PointedAtTheStub_Match()
    {
        Citizen c = Enumerable.Range(0, StubFixture.Citizens).Select(i => Population[i]).First(x => !x.IsDeceased && !x.BirthYearOnly);
        using HttpClient http = fixture.Verification.CreateClient();
        http.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", StubFixture.GatewaySecret);
        http.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        http.DefaultRequestHeaders.Add("X-DeAn06-Province", "06");
        string record = JsonSerializer.Serialize(new
        {
            SoDinhDanh = Id(c),
            HoVaTen = c.FullName,
            NgayThangNamSinh = c.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            GioiTinh = c.IsMale ? "Nam" : "Nữ",
            MaHoSo = "HS-STUB",
        });
        using HttpResponseMessage r = await http.PostAsync("api/v1/verify", Json(record));
        string body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, body);
        Assert.Equal("MATCH", JsonNode.Parse(body)!["result"]!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task Help_Stub_NamesEveryOption()
    {
        CliResult r = await CliResult.RunAsync("stub", "--help");
        Assert.Equal(0, r.ExitCode);
        Assert.All(["--port", "--citizens", "--seed", "--mappings-out", "--size"], o => Assert.Contains(o, r.Output + r.Error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--port", "80")]
    [InlineData("--citizens", "0")]
    public async Task Stub_BadOption_OneLineExit2(string option, string value)
    {
        CliResult r = await CliResult.RunAsync("stub", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("dean06: ", r.Error, StringComparison.Ordinal);
        Assert.Single(r.Error.Trim().Split('\n'));
    }
}
