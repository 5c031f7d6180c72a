using DeAn06.Gateway.Tests.Support;

namespace DeAn06.Gateway.Tests.Routing;

[Collection(GatewayCollection.Name)]
public sealed class RequestIdTests(GatewayFixture fixture)
{
    [Fact]
    public async Task RequestId_GivenByCaller_ReturnedUnchanged()
    {
        await using var gateway = fixture.CreateGateway();
        using HttpClient client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { { "X-Request-Id", "abc-123" } } };
        HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal("abc-123", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task RequestId_UnsafeValue_ReplacedWithNewId()
    {
        await using var gateway = fixture.CreateGateway();
        using HttpClient client = gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Request-Id", "bad id\twith spaces");
        HttpResponseMessage response = await client.SendAsync(request);
        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-Id").Single());
    }
}
