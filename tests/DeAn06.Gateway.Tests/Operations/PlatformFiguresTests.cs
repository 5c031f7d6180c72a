using System.Text;
using DeAn06.Gateway.Metrics;
using DeAn06.Gateway.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Operations;

[Collection(GatewayCollection.Name)]
public sealed class PlatformFiguresTests(GatewayFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => fixture.SetFaultsAsync("{}");

    [Fact]
    public async Task Snapshot_UpstreamUnavailableAnswer_CountedAsFailureNotAs2xx()
    {
        await using var gateway = fixture.CreateGateway();
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        await fixture.SetFaultsAsync("""{"MaintenanceForSeconds":120,"MaintenanceRetryAfterSeconds":30}""");
        GatewayMetrics metrics = gateway.Services.GetRequiredService<GatewayMetrics>();
        ClientCounts before = metrics.Snapshot().Clients.SingleOrDefault(c => c.Client == "BHXH") ?? new ClientCounts("BHXH", 0, 0, 0, 0, 0);
        long failuresBefore = metrics.Snapshot().Recent.Failures;

        using HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent(
            """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""", Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200 && body.Contains("UPSTREAM_UNAVAILABLE", StringComparison.Ordinal), body);

        // The gateway counts the exchange once it is in the message log, just after the answer.
        PlatformSnapshot snapshot = metrics.Snapshot();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (snapshot.Recent.Failures == failuresBefore && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
            snapshot = metrics.Snapshot();
        }

        ClientCounts bhxh = Assert.Single(snapshot.Clients, c => c.Client == "BHXH");
        Assert.Equal(before.UpstreamUnavailable + 1, bhxh.UpstreamUnavailable);
        Assert.Equal(before.Ok, bhxh.Ok); // not a 2xx in the platform figures
        Assert.Equal(failuresBefore + 1, snapshot.Recent.Failures);
    }
}
