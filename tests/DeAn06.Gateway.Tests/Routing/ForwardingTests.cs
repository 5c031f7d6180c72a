using System.Net;
using System.Text;
using System.Text.Json;
using DeAn06.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Routing;

/// <summary>YARP restores and runs here: a request through the gateway reaches the real simulator process.</summary>
public sealed class ForwardingTests : IAsyncLifetime
{
    private ServiceProcess _simulator = null!;
    private WebApplicationFactory<Program> _gateway = null!;

    public async Task InitializeAsync()
    {
        _simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=2000"]);
        _gateway = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.UseSetting("ReverseProxy:Clusters:population-db:Destinations:primary:Address", _simulator.BaseAddress.ToString()));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task NdxpRoute_HealthyUpstream_ForwardsAndReturnsUpstreamAnswer()
    {
        using HttpClient client = _gateway.CreateClient();
        var content = new StringContent("""{"SoDinhDanh":"096199999999"}""", Encoding.UTF8, "application/json");
        HttpResponseMessage response = await client.PostAsync("/ndxp/v1/dancu/TraCuuThongTinCongDan", content);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("CITIZEN_NOT_FOUND", body.RootElement.GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("Server-Timing"), "the upstream's own header came back through the proxy");
    }

    [Fact]
    public async Task RequestId_GivenByCaller_ReturnedUnchanged()
    {
        using HttpClient client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { { "X-Request-Id", "abc-123" } } };
        HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal("abc-123", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task RequestId_UnsafeValue_ReplacedWithNewId()
    {
        using HttpClient client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "bad id\twith spaces");
        HttpResponseMessage response = await client.SendAsync(request);
        string id = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", id);
    }
}
