using System.Net.Sockets;
using System.Text;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Errors;

[Collection(GatewayCollection.Name)]
public sealed class UpstreamUnavailableTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";

    [Fact]
    public async Task Verify_UpstreamUnreachable_502UpstreamUnavailableWithRetryAfter()
    {
        // A port that was free a moment ago: nothing listens there.
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null,
            ("ReverseProxy:Clusters:verification:Destinations:primary:Address", $"http://127.0.0.1:{port}/"));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");

        HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"));
        await GatewayFixture.ProblemAsync(response, 502, "UPSTREAM_UNAVAILABLE");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After is '{response.Headers.RetryAfter}'");
    }
}
