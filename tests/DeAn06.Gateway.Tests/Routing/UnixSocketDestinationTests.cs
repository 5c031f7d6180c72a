using System.Net.Sockets;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Routing;
using DeAn06.Gateway.Signing;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Yarp.ReverseProxy.Configuration;

namespace DeAn06.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class UnixSocketDestinationTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private const string Destination = "ReverseProxy:Clusters:verification:Destinations:primary";

    [Fact]
    public async Task Verify_DestinationNamesUnixSocket_ForwardedOverTheSocketAndAnswerSigned()
    {
        // The address's TCP port has no listener: only the socket can answer.
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null,
            ($"{Destination}:Address", $"http://127.0.0.1:{ClosedPort()}/"),
            ($"{Destination}:Metadata:{UnixSocketDestinations.Key}", fixture.VerificationSocket),
            ("Signatures:GatewayCertificatePath", Path.Combine(fixture.Certificates, "gateway.pem")),
            ("Signatures:GatewayKeyPath", Path.Combine(fixture.Certificates, "gateway.key.pem")));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = new StringContent(Record, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Request-Id", "uds-1");

        using HttpResponseMessage response = await client.SendAsync(request);
        byte[] answer = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, Encoding.UTF8.GetString(answer));
        // The gateway's identity headers reached the service (BHXH's policy), the request id came back,
        // and the gateway's signature covers the exact bytes received.
        using JsonDocument json = JsonDocument.Parse(answer);
        Assert.Equal("tolerant", json.RootElement.GetProperty("policy").GetString());
        Assert.Equal("uds-1", json.RootElement.GetProperty("requestId").GetString());
        var cms = new SignedCms(new ContentInfo(answer), detached: true);
        cms.Decode(Convert.FromBase64String(response.Headers.GetValues(SignatureOptions.Header).Single()));
        cms.CheckSignature(verifySignatureOnly: true);
        Assert.Equal("CN=gateway, O=DeAn06", cms.SignerInfos[0].Certificate!.Subject);
    }

    [Fact]
    public async Task Verify_UnixSocketMissing_502UpstreamUnavailableNotTcpFallback()
    {
        // The address's TCP port is live: a gateway falling back to TCP would answer 200.
        string missing = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "gone.sock");
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null,
            ($"{Destination}:Address", fixture.Verification.BaseAddress.ToString()),
            ($"{Destination}:Metadata:{UnixSocketDestinations.Key}", missing));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");

        HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"));
        await GatewayFixture.ProblemAsync(response, 502, "UPSTREAM_UNAVAILABLE");
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After is '{response.Headers.RetryAfter}'");
    }

    [Fact]
    public async Task Verify_SocketRefused_502UpstreamUnavailable()
    {
        // A socket file nobody listens on (a crashed service's): refused, as a closed TCP port is.
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string stale = Path.Combine(dir, "stale.sock");
        using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            listener.Bind(new UnixDomainSocketEndPoint(stale));
        }

        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null,
            ($"{Destination}:Address", fixture.Verification.BaseAddress.ToString()),
            ($"{Destination}:Metadata:{UnixSocketDestinations.Key}", stale));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");

        HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"));
        await GatewayFixture.ProblemAsync(response, 502, "UPSTREAM_UNAVAILABLE");
    }

    [Theory]
    [InlineData("relative.sock")]
    [InlineData("/tmp/" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.sock")]
    public async Task ConfigureCluster_SocketPathNotAbsoluteOrTooLong_RefusedNamingTheSetting(string path)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new UnixSocketDestinations().ConfigureClusterAsync(
            Cluster(("a", "http://127.0.0.1:5302/", path)), CancellationToken.None));
        Assert.Contains("ReverseProxy:Clusters:verification:Destinations:a:Metadata:UnixSocket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureCluster_SameAddressTwoTransports_Refused()
    {
        // Connections are pooled per address: one of the two would silently take the other's path.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await new UnixSocketDestinations().ConfigureClusterAsync(
            Cluster(("a", "http://127.0.0.1:5302/", "/run/a.sock"), ("b", "http://127.0.0.1:5302/other", null)), CancellationToken.None));
        Assert.Contains("must name the same UnixSocket", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureCluster_SocketsConfiguredOnTheCluster_ReplacedByTheDestinations()
    {
        // Only destinations name sockets: a cluster-level value under the filter's key is not obeyed.
        ClusterConfig cluster = Cluster(("a", "http://LOCALHOST:5302/", "/run/a.sock"), ("b", "http://127.0.0.1:5303/", null)) with
        {
            Metadata = new Dictionary<string, string> { [UnixSocketDestinations.ClusterKey] = """{"127.0.0.1:5303":"/tmp/evil.sock"}""", ["Contract"] = "x" },
        };
        ClusterConfig configured = await new UnixSocketDestinations().ConfigureClusterAsync(cluster, CancellationToken.None);
        Assert.Equal(new Dictionary<string, string> { ["localhost:5302"] = "/run/a.sock" }, UnixSocketDestinations.Read(configured.Metadata));
        Assert.Equal("x", configured.Metadata!["Contract"]);
    }

    [Fact]
    public async Task ConfigureCluster_SocketEmpty_DestinationStaysOnTcp()
    {
        ClusterConfig configured = await new UnixSocketDestinations().ConfigureClusterAsync(Cluster(("a", "http://127.0.0.1:5302/", "")), CancellationToken.None);
        Assert.Empty(UnixSocketDestinations.Read(configured.Metadata));
    }

    private static ClusterConfig Cluster(params (string Name, string Address, string? Socket)[] destinations) => new()
    {
        ClusterId = "verification",
        Destinations = destinations.ToDictionary(d => d.Name, d => new DestinationConfig
        {
            Address = d.Address,
            Metadata = d.Socket is null ? null : new Dictionary<string, string> { [UnixSocketDestinations.Key] = d.Socket },
        }),
    };

    private static int ClosedPort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
