using System.Diagnostics;
using System.Text;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Errors;

/// <summary>
/// A body that does not match its framing is the client's fault: a 4xx problem with its own code,
/// never a 500 and never BODY_TOO_LARGE. Sent over a bare socket to real Kestrel, with and without
/// request signatures (which buffer the body in the gateway instead of streaming it to the upstream).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BodyFramingTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShortBody_ClientHalfCloses_400BodyIncompleteAtOnceOrClosed(bool signatures)
    {
        await using WebApplicationFactory<Program> gateway = Create(signatures);
        var (server, token) = await StartAsync(gateway);
        var watch = Stopwatch.StartNew();
        RawHttp.Answer answer = await RawHttp.SendAsync(server, Short(token), halfClose: true);

        // Kestrel takes a FIN for a disconnect and may close without answering; if it answers, it is the 400.
        Assert.True(answer.Status == 0 || (answer.Status == 400 && answer.Code == "BODY_INCOMPLETE"), answer.Head + "\n" + answer.Body);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"answered after {watch.Elapsed}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShortBody_ClientKeepsConnectionOpen_408BodyTimeoutProblem(bool signatures)
    {
        await using WebApplicationFactory<Program> gateway = Create(signatures);
        var (server, token) = await StartAsync(gateway);
        RawHttp.Answer answer = await RawHttp.SendAsync(server, Short(token), halfClose: false, deadline: TimeSpan.FromSeconds(60));

        Assert.True(answer.Status == 408 && answer.Code == "BODY_TIMEOUT", answer.Head + "\n" + answer.Body);
        Assert.Contains("application/problem+json", answer.Head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "zz\r\n")]
    [InlineData(true, "zz\r\n")]
    [InlineData(true, "5\r\nabcdeXX\r\n")]
    public async Task MalformedChunkedBody_400MalformedBody(bool signatures, string chunks)
    {
        await using WebApplicationFactory<Program> gateway = Create(signatures);
        var (server, token) = await StartAsync(gateway);
        string request = $"POST /api/v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}";
        RawHttp.Answer answer = await RawHttp.SendAsync(server, request, deadline: TimeSpan.FromSeconds(30));

        Assert.True(answer.Status == 400 && answer.Code == "MALFORMED_BODY", answer.Head + "\n" + answer.Body);
    }

    private static string Short(string token) =>
        RawHttp.Request("POST", "/api/v1/verify", token, "application/json", Record)
            .Replace($"Content-Length: {Encoding.UTF8.GetByteCount(Record)}", $"Content-Length: {Encoding.UTF8.GetByteCount(Record) + 50}", StringComparison.Ordinal);

    private WebApplicationFactory<Program> Create(bool signatures)
    {
        if (!signatures)
        {
            return fixture.CreateGateway();
        }

        string certs = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        global::DeAn06.Gateway.Signing.DevCertificates.Create(certs, ["BHXH"], TimeProvider.System.GetUtcNow());
        return fixture.CreateGateway(null,
            ("Signatures:CaCertificatePath", Path.Combine(certs, "ca.pem")),
            ("Consumers:Clients:BHXH:CertificatePath", Path.Combine(certs, "BHXH.pem")));
    }

    private static async Task<(Uri Server, string Token)> StartAsync(WebApplicationFactory<Program> gateway)
    {
        Uri server = KestrelGateway.Start(gateway);
        using var client = new HttpClient { BaseAddress = server };
        return (server, await GatewayFixture.TokenAsync(client, "BHXH"));
    }
}
