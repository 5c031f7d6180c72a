using System.Diagnostics;
using System.Text;
using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class TimeoutTests(GatewayFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.SetFaultsAsync("{}");

    [Fact]
    public async Task UpstreamHangs_RouteTimeout_504ProblemJsonPromptly()
    {
        await using var gateway = fixture.CreateGateway(null, ("ReverseProxy:Routes:ndxp-dancu:Timeout", "00:00:01"));
        using HttpClient ops = await GatewayFixture.ClientForAsync(gateway, "OPS");
        await fixture.SetFaultsAsync("""{"TimeoutRate":1.0,"TimeoutHoldSeconds":30}""");
        var watch = Stopwatch.StartNew();
        HttpResponseMessage response = await ops.PostAsync("/ndxp/v1/dancu/TraCuuThongTinCongDan", new StringContent("""{"SoDinhDanh":"096199999999"}""", Encoding.UTF8, "application/json"));
        await GatewayFixture.ProblemAsync(response, 504, "UPSTREAM_UNAVAILABLE");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
