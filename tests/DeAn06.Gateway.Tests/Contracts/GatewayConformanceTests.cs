using System.Net.Http.Headers;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing.Contracts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Contracts;

/// <summary>
/// Real exchanges through the gateway (signatures on, the real verification service and simulator
/// behind it): tokens, real-time verification, a batch job through its life, statistics, the NDXP
/// relay, and the usual mistakes; every request and answer is checked against the committed
/// contracts/gateway.openapi.json (the document the gateway generates): the operation and status are
/// listed, the content type too, bodies match their schemas (the relayed services' schemas included),
/// errors are problem+json with a code the contract lists; what the contract calls invalid never succeeds.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayConformanceTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const bool Good = true;
    private const bool Bad = false;
    private readonly ContractValidator _contract = ContractValidator.Load("gateway.openapi.json");
    private readonly string _certs = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _gateway = null!;
    private ContractReplay _replay = null!;

    public Task InitializeAsync()
    {
        DevCertificates.Create(_certs, ["BHXH", "OPS"], TimeProvider.System.GetUtcNow());
        _gateway = fixture.CreateGateway(null,
            ("Signatures:CaCertificatePath", Path.Combine(_certs, "ca.pem")),
            ("Signatures:GatewayCertificatePath", Path.Combine(_certs, "gateway.pem")),
            ("Signatures:GatewayKeyPath", Path.Combine(_certs, "gateway.key.pem")),
            ("Consumers:Clients:BHXH:CertificatePath", Path.Combine(_certs, "BHXH.pem")),
            ("Consumers:Clients:OPS:CertificatePath", Path.Combine(_certs, "OPS.pem")));
        _replay = new ContractReplay(_contract, _gateway.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Replay_GoodAndBadRequests_EveryAnswerConformsToTheGatewayContract()
    {
        // Tokens and keys: anyone may ask.
        await ExchangeAsync(HttpMethod.Post, "/connect/token", Good, null, "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=BHXH&client_secret=bhxh-secret");
        await ExchangeAsync(HttpMethod.Post, "/connect/token", Bad, null, "application/x-www-form-urlencoded", "grant_type=client_credentials&client_id=BHXH&client_secret=wrong");
        await ExchangeAsync(HttpMethod.Post, "/connect/token", Bad, null, "application/x-www-form-urlencoded", "grant_type=password&client_id=BHXH&client_secret=bhxh-secret");
        await ExchangeAsync(HttpMethod.Post, "/connect/token", Bad, null, "application/json", """{"grant_type":"client_credentials"}""");
        await ExchangeAsync(HttpMethod.Get, "/.well-known/jwks.json", Good, null);
        await ExchangeAsync(HttpMethod.Get, "/openapi/v1.json", Good, null);
        await ExchangeAsync(HttpMethod.Get, "/health/live", Good, null);

        using HttpClient bhxh = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        using HttpClient thue = await GatewayFixture.ClientForAsync(_gateway, "THUE");
        using HttpClient ops = await GatewayFixture.ClientForAsync(_gateway, "OPS");

        // Real-time verification: signed, findings (not errors), and the sender's mistakes.
        string[] records =
        [
            """{"MaHoSo":"HS-1","SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""",
            """{"SoDinhDanh":"079190000001","HoVaTen":"Trần Thị Lan","NgayThangNamSinh":"01/02/1990","GioiTinh":"Nữ"}""",
            """{"SoCMND":"012345678","HoVaTen":"Lê Văn Bình"}""",
        ];
        foreach (string record in records)
        {
            await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Good, bhxh, "application/json", record, sign: "BHXH");
        }

        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify/many", Good, bhxh, "application/json", "{\"Records\":[" + string.Join(',', records) + "]}", sign: "BHXH");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, bhxh, "application/json", records[0]); // SIGNATURE_MISSING
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, bhxh, "application/json", records[0], headers: new() { [SignatureOptions.Header] = Sign(Encoding.UTF8.GetBytes(records[1]), "BHXH") });
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, bhxh, "application/json", """{"SoDinhDanh":"001085866844","HoVaTen":"An","NgayThangNamSinh":"32/13/1990"}""", sign: "BHXH");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify/many", Bad, bhxh, "application/json", """{"Records":[]}""", sign: "BHXH");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, null, "application/json", records[0]); // TOKEN_MISSING
        await ExchangeAsync(HttpMethod.Post, "/api/v1/verify", Bad, null, "application/json", records[0], headers: new() { ["Authorization"] = "Bearer not-a-token" });

        // A batch job through its whole life, and the mistakes around it.
        const string csv = "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nA1,001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\nA2,079190000001,Trần Thị Lan,01/02/1990,Nữ\nA3,12345,Lê Văn Bình,,\n";
        string? location = await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Good, bhxh, "text/csv", csv, sign: "BHXH", headers: new() { ["Idempotency-Key"] = "gateway-conformance-1" });
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Good, bhxh, "text/csv", csv, sign: "BHXH", headers: new() { ["Idempotency-Key"] = "gateway-conformance-1" });
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Bad, bhxh, "application/pdf", "%PDF-1.7", sign: "BHXH");
        await ExchangeAsync(HttpMethod.Post, "/api/v1/jobs", Bad, thue, "text/csv", csv); // ACCESS_DENIED: THUE may only verify
        Assert.NotNull(location);
        await UntilCompletedAsync(bhxh, location, TimeSpan.FromSeconds(60));
        await ExchangeAsync(HttpMethod.Get, location, Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location + "/results", Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location + "/results?format=csv", Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location + "/results?format=xml", Bad, bhxh);
        await ExchangeAsync(HttpMethod.Get, location + "/errors", Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location + "/summary", Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location + "/summary?format=text", Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location, Bad, thue);
        await ExchangeAsync(HttpMethod.Delete, location, Good, bhxh);
        await ExchangeAsync(HttpMethod.Get, location, Bad, bhxh);

        // Statistics (OPS is granted them, BHXH is not) and the population DB relayed as on NDXP.
        await ExchangeAsync(HttpMethod.Get, "/api/v1/statistics", Good, ops);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/statistics?format=csv", Good, ops);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/statistics?from=01/07/2024&format=pdf", Bad, ops);
        await ExchangeAsync(HttpMethod.Get, "/api/v1/statistics", Bad, bhxh);
        await ExchangeAsync(HttpMethod.Post, "/ndxp/v1/dancu/XacThucThongTinCongDan", null, ops, "application/json",
            """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"19851122","GioiTinh":1}""", sign: "OPS");
        await ExchangeAsync(HttpMethod.Post, "/ndxp/v1/dancu/TraCuuThongTinCongDan", null, ops, "application/json", """{"SoDinhDanh":"001085866844"}""", sign: "OPS");
        await ExchangeAsync(HttpMethod.Post, "/ndxp/v1/dancu/TraCuuThongTinCongDan", Bad, bhxh, "application/json", """{"SoDinhDanh":"001085866844"}""", sign: "BHXH");

        Assert.True(_replay.Failures.Length == 0, _replay.Failures);
    }

    [Fact]
    public async Task UnknownRouteAndMethod_AnswerProblemsWithCodesTheContractLists()
    {
        using HttpClient bhxh = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/v2/verify"), (HttpMethod.Put, "/api/v1/jobs"), (HttpMethod.Get, "/ops/api/no-such") })
        {
            using HttpResponseMessage response = await bhxh.SendAsync(new HttpRequestMessage(method, path));
            string body = await response.Content.ReadAsStringAsync();
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(JsonDocument.Parse(body).RootElement.GetProperty("code").GetString(), _contract.ProblemCodes);
        }
    }

    private Task<string?> ExchangeAsync(HttpMethod method, string path, bool? good, HttpClient? client, string? contentType = null, string? body = null,
        string? sign = null, Dictionary<string, string>? headers = null)
    {
        headers ??= [];
        if (sign is not null)
        {
            headers[SignatureOptions.Header] = Sign(Encoding.UTF8.GetBytes(body!), sign);
        }

        return _replay.ExchangeAsync(method, path, good, contentType, body, headers, client);
    }

    /// <summary>Polls the job through the gateway (the service's long poll, bounded) until it completes.</summary>
    private static async Task UntilCompletedAsync(HttpClient client, string location, TimeSpan timeout)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using HttpResponseMessage response = await client.GetAsync(location + "?wait=5");
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            if (JsonDocument.Parse(body).RootElement.GetProperty("status").GetString() == "Completed")
            {
                return;
            }

            Assert.True(watch.Elapsed < timeout, $"job not completed within {timeout}: {body}");
        }
    }

    private string Sign(byte[] body, string client)
    {
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(_certs, client + ".pem"), Path.Combine(_certs, client + ".key.pem"));
        using X509Certificate2 cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var cms = new SignedCms(new ContentInfo(body), detached: true);
        var signer = new CmsSigner(cert);
        // A signed attribute makes SignedCms write content-type and message-digest, which the policy requires.
        signer.SignedAttributes.Add(new Pkcs9SigningTime(TimeProvider.System.GetUtcNow().UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return Convert.ToBase64String(cms.Encode());
    }
}
