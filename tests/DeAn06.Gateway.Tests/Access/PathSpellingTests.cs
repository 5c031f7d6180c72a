using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Access;

/// <summary>
/// Every spelling of a protected path either reaches the same route and gets the same rule, or
/// reaches no route (404/405): never a looser one. Sent over a bare socket to real Kestrel, so the
/// request target arrives exactly as written.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PathSpellingTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private const string Csv = "SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n";

    /// <summary>Spellings of <paramref name="path"/> (which has at least two segments) that a careless rule compares wrongly.</summary>
    public static IEnumerable<string> Spellings(string path)
    {
        string last = path[(path.LastIndexOf('/') + 1)..];
        string parent = path[..path.LastIndexOf('/')];
        string escapedFirst = $"%{(int)last[0]:X2}{last[1..]}";
        return
        [
            path, path + "/", path + "//", path.ToUpperInvariant(), path.Replace("/v1/", "/V1/", StringComparison.Ordinal),
            "/" + path, parent + "//" + last, parent + "/./" + last, parent + "/x/../" + last, path + "/.", path + "/x/..",
            parent + "/" + escapedFirst, parent + "/" + escapedFirst.ToLowerInvariant(), parent + "%2F" + last, parent + "%2f" + last,
            path + "%2F", path + "?x=1", path + "/?x=1", parent + "/%2E/" + last, parent + "/x/%2E%2E/" + last, "http://127.0.0.1" + path + "/",
        ];
    }

    [Fact]
    public async Task BatchQuota_EverySpellingOfJobSubmission_QuotaAppliesOrNoRoute()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("Consumers:Clients:BHXH:BatchQuota", "0"));
        Uri server = KestrelGateway.Start(gateway);
        string token = await TokenAsync(server, "BHXH");
        var escaped = new List<string>();
        foreach (string target in Spellings("/api/v1/jobs"))
        {
            RawHttp.Answer answer = await RawHttp.SendAsync(server, RawHttp.Request("POST", target, token, "text/csv", Csv));
            if (!(answer.Status == 429 && answer.Code == "QUOTA_EXCEEDED") && answer.Status is not (404 or 405))
            {
                escaped.Add($"{target} → {answer.Status} {answer.Code}");
            }
        }

        Assert.True(escaped.Count == 0, "escaped the quota: " + string.Join("; ", escaped));
    }

    [Fact]
    public async Task ServiceAccess_EverySpellingOfAnUngrantedService_DeniedOrNoRoute()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        Uri server = KestrelGateway.Start(gateway);
        string thue = await TokenAsync(server, "THUE"); // verify only
        string bhxh = await TokenAsync(server, "BHXH"); // verify and batch
        var escaped = new List<string>();
        (string Method, string Path, string Token, string? Type, string? Body)[] rules =
        [
            ("POST", "/api/v1/jobs", thue, "text/csv", Csv),
            ("GET", "/api/v1/jobs/job-1", thue, null, null),
            ("GET", "/api/v1/jobs/job-1/results", thue, null, null),
            ("GET", "/api/v1/statistics", bhxh, null, null),
            ("POST", "/ndxp/v1/dancu/TraCuuThongTinCongDan", bhxh, "application/json", """{"SoDinhDanh":"001085866844"}"""),
        ];
        foreach (var (method, path, token, type, body) in rules)
        {
            foreach (string target in Spellings(path).Append(path.Replace("/api/v1/", "/api/v1/verify/../", StringComparison.Ordinal)).Append(path.Replace("/api/v1/", "/api/v1/verify/..%2F", StringComparison.Ordinal)))
            {
                RawHttp.Answer answer = await RawHttp.SendAsync(server, RawHttp.Request(method, target, token, type, body));
                if (!(answer.Status == 403 && answer.Code == "ACCESS_DENIED") && answer.Status is not (404 or 405))
                {
                    escaped.Add($"{method} {target} → {answer.Status} {answer.Code}");
                }
            }
        }

        Assert.True(escaped.Count == 0, "escaped the service grants: " + string.Join("; ", escaped));
    }

    [Theory]
    [InlineData("/ndxp/v1/dancu/..%2F..%2Fadmin/faults")]
    [InlineData("/ndxp/v1/dancu/..%2f..%2fadmin/faults")]
    [InlineData("/ndxp/v1/dancu/%2E%2E/%2E%2E/admin/faults")]
    [InlineData("/ndxp/v1/dancu/../../admin/faults")]
    [InlineData("/ndxp/v1/dancu/..\\..\\admin/faults")]
    public async Task PopulationDbRoute_TraversalOutOfTheRewrittenPath_NeverReachesTheSimulatorsAdminApi(string target)
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        Uri server = KestrelGateway.Start(gateway);
        string ops = await TokenAsync(server, "OPS"); // granted population-db, and the gateway calls from loopback
        RawHttp.Answer answer = await RawHttp.SendAsync(server, RawHttp.Request("GET", target, ops, null, null, "X-Admin-Key: " + GatewayFixture.AdminKey));
        Assert.True(answer.Status is 404 or 405, $"{target} → {answer.Status}: {answer.Body}");
        Assert.DoesNotContain("Settings", answer.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==")]
    [InlineData("Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__")]
    public async Task Upgrade_AnyProxiedRoute_400NeverSwitched(string upgrade)
    {
        // A switched protocol streams past the held answer and its log entry: refused before it reaches a service.
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        Uri server = KestrelGateway.Start(gateway);
        string token = await TokenAsync(server, "BHXH");
        string request = $"GET /api/v1/jobs/job-0000 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n{upgrade}\r\n\r\n";
        RawHttp.Answer answer = await RawHttp.SendAsync(server, request, deadline: TimeSpan.FromSeconds(30));
        Assert.True(answer.Status == 400 && answer.Code == "UPGRADE_NOT_SUPPORTED", $"{answer.Status} {answer.Code}: {answer.Body}");
    }

    [Fact]
    public async Task RateLimit_EverySpellingOfVerify_SameBucketOrNoRoute()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("Consumers:Clients:SLOW:RatePerSecond", "1"), ("Consumers:Clients:SLOW:Burst", "1"));
        Uri server = KestrelGateway.Start(gateway);
        string token = await TokenAsync(server, "SLOW");
        var passed = new List<string>();
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (string target in Spellings("/api/v1/verify").Concat(Spellings("/api/v1/verify/many")))
        {
            RawHttp.Answer answer = await RawHttp.SendAsync(server, RawHttp.Request("POST", target, token, "application/json", Record));
            if (!(answer.Status == 429 && answer.Code == "RATE_LIMITED") && answer.Status is not (404 or 405))
            {
                passed.Add($"{target} → {answer.Status} {answer.Code}");
            }
        }

        // One token in the bucket and one more a second: whatever the spelling, no more pass than that.
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        Assert.True(passed.Count <= 2 + (int)seconds, $"{passed.Count} passed the rate limit in {seconds:F1} s: " + string.Join("; ", passed));
    }

    [Fact]
    public async Task Signature_EverySpellingOfABodyRoute_SignatureRequiredOrNoRoute()
    {
        string certs = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        global::DeAn06.Gateway.Signing.DevCertificates.Create(certs, ["BHXH"], TimeProvider.System.GetUtcNow());
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null,
            ("Signatures:CaCertificatePath", Path.Combine(certs, "ca.pem")),
            ("Consumers:Clients:BHXH:CertificatePath", Path.Combine(certs, "BHXH.pem")));
        Uri server = KestrelGateway.Start(gateway);
        string token = await TokenAsync(server, "BHXH");
        var unsigned = new List<string>();
        foreach (var (path, type, body) in new[] { ("/api/v1/verify", "application/json", Record), ("/api/v1/jobs", "text/csv", Csv) })
        {
            foreach (string target in Spellings(path))
            {
                RawHttp.Answer answer = await RawHttp.SendAsync(server, RawHttp.Request("POST", target, token, type, body));
                if (!(answer.Status == 400 && answer.Code == "SIGNATURE_MISSING") && answer.Status is not (404 or 405))
                {
                    unsigned.Add($"{target} → {answer.Status} {answer.Code}");
                }
            }

            // The same body framed as chunks (no Content-Length) is checked as well.
            string chunked = $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: {type}\r\nTransfer-Encoding: chunked\r\n\r\n"
                + $"{System.Text.Encoding.UTF8.GetByteCount(body):X}\r\n{body}\r\n0\r\n\r\n";
            RawHttp.Answer chunkedAnswer = await RawHttp.SendAsync(server, chunked);
            if (!(chunkedAnswer.Status == 400 && chunkedAnswer.Code == "SIGNATURE_MISSING"))
            {
                unsigned.Add($"{path} chunked → {chunkedAnswer.Status} {chunkedAnswer.Code}");
            }
        }

        Assert.True(unsigned.Count == 0, "passed without a signature: " + string.Join("; ", unsigned));
    }

    [Fact]
    public async Task Signature_Http2BodyWithoutContentLength_SignatureRequired()
    {
        string certs = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        global::DeAn06.Gateway.Signing.DevCertificates.Create(certs, ["BHXH"], TimeProvider.System.GetUtcNow());
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null,
            ("Signatures:CaCertificatePath", Path.Combine(certs, "ca.pem")),
            ("Consumers:Clients:BHXH:CertificatePath", Path.Combine(certs, "BHXH.pem")));
        Uri server = KestrelGateway.Start(gateway, Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
        using var tokenClient = new HttpClient { BaseAddress = server, DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        string token = await GatewayFixture.TokenAsync(tokenClient, "BHXH");

        // HTTP/2 (prior knowledge, cleartext) frames a body with neither Content-Length nor Transfer-Encoding.
        using var client = new HttpClient { BaseAddress = server, DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") 
        {
            Content = new StreamContent(new UnknownLengthStream(System.Text.Encoding.UTF8.GetBytes(Record))),
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpVersion.Version20, response.Version);
        Assert.Null(request.Content.Headers.ContentLength);
        await GatewayFixture.ProblemAsync(response, 400, "SIGNATURE_MISSING");
    }

    private static async Task<string> TokenAsync(Uri server, string clientId)
    {
        using var client = new HttpClient { BaseAddress = server };
        return await GatewayFixture.TokenAsync(client, clientId);
    }
}
