using System.Text.Json;
using DeAn06.Testing.Contracts;
using DeAn06.Verification.Tests.Support;

namespace DeAn06.Verification.Tests.Apis;

/// <summary>
/// A realistic mix of good and bad requests against the real service (and the real simulator
/// behind it), each request and answer checked against the committed contracts/verification.openapi.json:
/// the operation and status are listed, the content type too, bodies match their schemas, errors
/// are problem+json with a listed code; what the contract calls invalid never succeeds.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ContractConformanceTests(StackFixture stack) : ServiceTest(stack)
{
    private readonly ContractValidator _contract = ContractValidator.Load("verification.openapi.json");
    private ContractReplay? _replay;

    private ContractReplay Replay => _replay ??= new ContractReplay(_contract, Client);

    [Fact]
    public async Task Replay_GoodAndBadRequests_EveryAnswerConformsToTheContract()
    {
        var data = Dataset.Build(Stack.Population, 40, seed: 18);
        string[] rows = data.Lines.Select(l => l.Csv).ToArray();
        string Record(int i)
        {
            string[] f = rows[i].Split(',');
            return JsonSerializer.Serialize(new { MaHoSo = f[0], SoDinhDanh = f[1], HoVaTen = f.Length > 2 ? f[2] : null, NgayThangNamSinh = f.Length > 3 ? f[3] : null, GioiTinh = f.Length > 4 ? f[4] : null });
        }

        // Real-time verification: good, findings (not errors), and the sender's mistakes.
        for (int i = 0; i < 8; i++)
        {
            await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Good, "application/json", Record(i));
        }

        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Good, "application/json", """{"HoVaTen":"Nguyễn Văn An","NgayThangNamSinh":"05/03/1987","GioiTinh":"Nam"}""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Good, "application/json", """{"SoCMND":"012345678","HoVaTen":"Trần Thị Bình","GioiTinh":"Nữ"}""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "application/json", """{"SoDinhDanh":"001085866844","HoVaTen":"An","NgayThangNamSinh":"32/13/1990"}""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "application/json", """{"SoDinhDanh":"001085866844"}""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "application/json", """{"SoDinhDanh":"001085866844","HoVaTen":"An","Extra":1}""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "application/json", """{"SoDinhDanh":""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "text/plain", "SoDinhDanh=001085866844");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "application/json", "{\"HoVaTen\":\"" + new string('a', 20_000) + "\"}");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify/many", Good, "application/json", "{\"Records\":[" + string.Join(',', Enumerable.Range(8, 20).Select(Record)) + "]}");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify/many", Bad, "application/json", """{"Records":[]}""");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify/many", Bad, "application/json", "{\"Records\":[" + string.Join(',', Enumerable.Repeat(Record(0), 101)) + "]}");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify/many", Bad, "application/json", """{"Records":[null]}""");

        // A batch job through its whole life, and the mistakes around it.
        string? location = await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Good, "text/csv", data.Csv, header: ("Idempotency-Key", "conformance-1"));
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Good, "text/csv", data.Csv, header: ("Idempotency-Key", "conformance-1"));
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Good, "application/x-ndjson", string.Join('\n', Enumerable.Range(0, 10).Select(Record)) + "\n");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Bad, "application/pdf", "%PDF-1.7");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Bad, "text/csv", "");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Bad, "text/csv", "MaHoSo;SoDinhDanh;HoTen\nA;001085866844;An\n");
        Assert.NotNull(location);
        await JobPolling.UntilCompletedAsync(Client, location, TimeSpan.FromSeconds(60));
        await ExchangeAsync(HttpMethod.Get, location, Good);
        await ExchangeAsync(HttpMethod.Get, location + "/results", Good);
        await ExchangeAsync(HttpMethod.Get, location + "/results?format=csv", Good);
        await ExchangeAsync(HttpMethod.Get, location + "/results?format=xml", Bad);
        await ExchangeAsync(HttpMethod.Get, location + "/errors", Good);
        await ExchangeAsync(HttpMethod.Get, location + "/summary", Good);
        await ExchangeAsync(HttpMethod.Get, location + "/summary?format=text", Good);
        await ExchangeAsync(HttpMethod.Delete, location, Good);
        await ExchangeAsync(HttpMethod.Get, location, Bad);
        await ExchangeAsync(HttpMethod.Delete, "/api/v1/jobs/no-such-job", Bad);

        // Statistics and the operators' views.
        foreach (string query in new[] { "", "?format=csv", "?format=markdown", "?format=text", "?sector=BHXH&province=06&groupBy=day" })
        {
            await ExchangeAsync(HttpMethod.Get, "/api/v1/statistics" + query, Good);
        }

        await ExchangeAsync(HttpMethod.Get, "/api/v1/statistics?from=01/07/2024&format=pdf", Bad);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/operations/jobs?limit=5", Good);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/operations/jobs?limit=0", Bad);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/operations/samples?verdict=MISMATCH", Good);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/operations/samples?verdict=maybe", Bad);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/operations/upstream", Good);
        await ExchangeAsync(HttpMethod.Get, "/health/live", Good);
        await ExchangeAsync(HttpMethod.Get, "/health/ready", Good);
        await ExchangeAsync(HttpMethod.Get, "/openapi/v1.json", Good);

        // Not through the gateway.
        using (HttpClient direct = Service.CreateClient())
        {
            await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, "application/json", Record(0), client: direct);
        }

        Assert.True(Replay.Failures.Length == 0, Replay.Failures);
    }

    [Fact]
    public async Task UnknownRouteAndMethod_AnswerProblemsWithCodesTheContractLists()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/v2/verify"), (HttpMethod.Put, "/api/v1/verify") })
        {
            using var response = await Client.SendAsync(new HttpRequestMessage(method, path));
            string body = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("code").GetString(), _contract.ProblemCodes);
        }
    }

    private const bool Good = true;
    private const bool Bad = false;

    private Task<string?> ExchangeAsync(HttpMethod method, string path, bool good, string? contentType = null, string? body = null,
        (string Name, string Value)? header = null, HttpClient? client = null) =>
        Replay.ExchangeAsync(method, path, good, contentType, body, header is { } h ? new Dictionary<string, string> { [h.Name] = h.Value } : null, client);
}
