using System.Net;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Operations;

/// <summary>The operators' sign-in and sign-out refuse requests from other sites (CSRF, login CSRF).</summary>
[Collection(GatewayCollection.Name)]
public sealed class SameOriginFilterTests(GatewayFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("Origin", "https://attacker.example")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "http://localhost.attacker.example")]
    [InlineData("Origin", "https://localhost")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task SignIn_FromAnotherSite_403AndNoCookie(string header, string value)
    {
        using HttpResponseMessage response = await SendAsync("/ops/login", (header, value));
        await GatewayFixture.ProblemAsync(response, 403, "CROSS_SITE_REQUEST");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignOut_FromAnotherSite_403()
    {
        using HttpResponseMessage response = await SendAsync("/ops/logout", ("Origin", "https://attacker.example"), ("Sec-Fetch-Site", "cross-site"));
        await GatewayFixture.ProblemAsync(response, 403, "CROSS_SITE_REQUEST");
    }

    [Fact]
    public async Task SignIn_FromTheGatewaysOwnPage_SetsTheCookie()
    {
        using HttpResponseMessage response = await SendAsync("/ops/login", ("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops/", response.Headers.Location?.ToString());
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("dean06_ops=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_NotFromABrowser_SetsTheCookie()
    {
        // No Origin and no Sec-Fetch-Site: not a browser, so no operator's cookie can ride along.
        using HttpResponseMessage response = await SendAsync("/ops/login");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/ops/", response.Headers.Location?.ToString());
    }

    private async Task<HttpResponseMessage> SendAsync(string path, params (string Name, string Value)[] headers)
    {
        using HttpClient client = _gateway.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "OPS", ["client_secret"] = GatewayFixture.Secrets["OPS"] }),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }
}
