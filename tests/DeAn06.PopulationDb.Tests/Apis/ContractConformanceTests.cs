using System.Globalization;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;
using DeAn06.Testing;
using DeAn06.Testing.Contracts;

namespace DeAn06.PopulationDb.Tests.Apis;

/// <summary>
/// A realistic mix of good and bad requests, and injected faults, against the real simulator process
/// over loopback; each request and answer checked against the committed contracts/population-db.openapi.json.
/// </summary>
public sealed class ContractConformanceTests : IAsyncLifetime
{
    private const string Key = "contract-test-key";
    private const ulong Seed = 7;
    private const int Size = 20_000;
    private readonly CitizenStore _population = PopulationGenerator.Generate(Seed, Size, new DateOnly(2024, 7, 1));
    private ServiceProcess _service = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync("DeAn06.PopulationDb", [$"--Population:Size={Size}", $"--Population:Seed={Seed}", $"--Admin:Key={Key}"]);
        _client = _service.CreateClient(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _service.DisposeAsync();
    }

    [Fact]
    public async Task Replay_GoodAndBadRequestsAndFaults_EveryAnswerConformsToTheContract()
    {
        var replay = new ContractReplay(ContractValidator.Load("population-db.openapi.json"), _client);
        Task<string?> Post(string path, bool? good, string json, string contentType = "application/json") =>
            replay.ExchangeAsync(HttpMethod.Post, path, good, contentType, json);
        var admin = new Dictionary<string, string> { ["X-Admin-Key"] = Key };
        var rng = new Random(18);
        Citizen[] sample = Enumerable.Range(0, 60).Select(_ => _population[rng.Next(_population.Count)]).ToArray();
        Citizen[] withCmnd = All().Where(c => c.Cmnd != 0).Take(3).ToArray();
        Citizen[] deceased = All().Where(c => c.IsDeceased).Take(2).ToArray();

        foreach (Citizen c in sample.Take(10).Concat(deceased))
        {
            await Post("/api/v1/TraCuuThongTinCongDan", true, $$"""{"SoDinhDanh":"{{Id(c)}}"}""");
        }

        foreach (Citizen c in withCmnd)
        {
            await Post("/api/v1/TraCuuThongTinCongDan", true, $$"""{"SoCMND":"{{c.Cmnd.ToString("D9", CultureInfo.InvariantCulture)}}"}""");
        }

        await Post("/api/v1/TraCuuThongTinCongDan", false, """{"SoDinhDanh":"096999999999"}""");
        await Post("/api/v1/TraCuuThongTinCongDan", false, $$"""{"SoDinhDanh":"{{Id(sample[0])}}","SoCMND":"012345678"}""");
        await Post("/api/v1/TraCuuThongTinCongDan", false, "{}");
        await Post("/api/v1/TraCuuThongTinCongDan", false, """{"SoDinhDanh":"12345"}""");
        await Post("/api/v1/TraCuuThongTinCongDan", false, """{"SoDinhDanh":"001085866844","HoVaTen":"An"}""");
        await Post("/api/v1/TraCuuThongTinCongDan", false, """{"SoDinhDanh":""");
        await Post("/api/v1/TraCuuThongTinCongDan", false, "SoDinhDanh=001085866844", "text/plain");

        string ids = string.Join(',', sample.Select(c => $"\"{Id(c)}\"").Append("\"096999999999\"").Append($"\"{withCmnd[0].Cmnd:D9}\""));
        await Post("/api/v1/TraCuuThongTinCongDan/bulk", true, $$"""{"SoDinhDanh":[{{ids}}]}""");
        await Post("/api/v1/TraCuuThongTinCongDan/bulk", false, """{"SoDinhDanh":[]}""");
        await Post("/api/v1/TraCuuThongTinCongDan/bulk", false, "{\"SoDinhDanh\":[" + string.Join(',', Enumerable.Repeat($"\"{Id(sample[0])}\"", 1001)) + "]}");

        foreach (Citizen c in sample.Take(6))
        {
            string date = c.BirthYearOnly ? c.BirthYear.ToString(CultureInfo.InvariantCulture) : c.BirthDate!.Value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            await Post("/api/v1/XacThucThongTinCongDan", true, $$"""{"SoDinhDanh":"{{Id(c)}}","HoVaTen":"{{c.FullName}}","NgayThangNamSinh":"{{date}}","GioiTinh":"{{(c.IsMale ? 1 : 2)}}"}""");
            await Post("/api/v1/XacThucThongTinCongDan", true, $$$"""{"SoDinhDanh":"{{{Id(c)}}}","HoVaTen":{"Ho":"{{{c.FamilyName}}}","ChuDem":"{{{c.MiddleName}}}","Ten":"{{{c.GivenName}}}"}}""");
        }

        await Post("/api/v1/XacThucThongTinCongDan", true, """{"SoDinhDanh":"096999999999","GioiTinh":"1"}""");
        await Post("/api/v1/XacThucThongTinCongDan", false, $$"""{"SoDinhDanh":"{{Id(sample[0])}}","NgayThangNamSinh":"05/03/1987"}""");
        await Post("/api/v1/XacThucThongTinCongDan", false, $$"""{"SoDinhDanh":"{{Id(sample[0])}}","GioiTinh":"Nam"}""");
        await Post("/api/v1/XacThucThongTinCongDan", false, $$"""{"SoDinhDanh":"{{Id(sample[0])}}"}""");

        Citizen dated = sample.First(c => !c.BirthYearOnly);
        await Post("/api/v1/TimKiemCongDan", true, $$"""{"HoVaTen":"{{dated.FullName}}","NgayThangNamSinh":"{{dated.BirthDate!.Value:yyyyMMdd}}"}""");
        await Post("/api/v1/TimKiemCongDan", true, $$"""{"HoVaTen":"{{dated.FullName}}","NamSinh":"{{dated.BirthYear}}","MaTinh":"{{dated.BirthProvinceCode:D2}}"}""");
        await Post("/api/v1/TimKiemCongDan", false, """{"HoVaTen":"Nguyễn Văn An"}""");
        await Post("/api/v1/TimKiemCongDan", false, """{"NamSinh":"1987"}""");

        await replay.ExchangeAsync(HttpMethod.Get, "/admin/faults", true, headers: admin);
        await replay.ExchangeAsync(HttpMethod.Get, "/admin/faults", false);
        await replay.ExchangeAsync(HttpMethod.Put, "/admin/faults", false, "application/json", """{"ErrorRate":2}""", admin);
        await replay.ExchangeAsync(HttpMethod.Put, "/admin/faults", true, "application/json", """{"ThrottleRate":1}""", admin);
        await Post("/api/v1/TraCuuThongTinCongDan", false, $$"""{"SoDinhDanh":"{{Id(sample[0])}}"}""");
        await replay.ExchangeAsync(HttpMethod.Put, "/admin/faults", true, "application/json", """{"ErrorRate":1}""", admin);
        await Post("/api/v1/TraCuuThongTinCongDan/bulk", null, $$"""{"SoDinhDanh":["{{Id(sample[0])}}"]}""");
        await replay.ExchangeAsync(HttpMethod.Put, "/admin/faults", true, "application/json", "{}", admin);

        await replay.ExchangeAsync(HttpMethod.Get, "/health/live", true);
        await replay.ExchangeAsync(HttpMethod.Get, "/health/ready", true);
        await replay.ExchangeAsync(HttpMethod.Get, "/openapi/v1.json", true);

        Assert.True(replay.Failures.Length == 0, replay.Failures);
    }

    private IEnumerable<Citizen> All() => Enumerable.Range(0, _population.Count).Select(i => _population[i]);

    private static string Id(Citizen c) => c.Id.ToString("D12", CultureInfo.InvariantCulture);
}
