using System.Net;
using System.Text;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Credentials;

/// <summary>Malformed and oversized sign-in forms are the caller's fault: 4xx problem+json, never 500.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CredentialFormTests(GatewayFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/connect/token")]
    [InlineData("/ops/login")]
    public async Task Read_FormPastTheLimitWithContentLength_413BodyTooLarge(string path)
    {
        using HttpClient client = _gateway.CreateClient();
        string body = "grant_type=client_credentials&client_id=BHXH&client_secret=" + new string('a', 5 * 1024 * 1024);
        HttpResponseMessage response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        var problem = await GatewayFixture.ProblemAsync(response, 413, "BODY_TOO_LARGE");
        Assert.Contains("16,384 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_ChunkedFormPastTheLimit_413BodyTooLarge()
    {
        using HttpClient client = _gateway.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("client_secret=" + new string('a', 100_000))));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await GatewayFixture.ProblemAsync(await client.SendAsync(request), 413, "BODY_TOO_LARGE");
    }

    public static TheoryData<string> MalformedForms() =>
    [
        string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=1")),   // more fields than a sign-in has
        "client_id=" + new string('a', 5000),                                  // a value longer than any id or secret
        new string('k', 100) + "=1",                                           // a field name longer than any parameter
    ];

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task Read_MalformedForm_400MalformedForm(string body)
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.PostAsync("/connect/token", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));
        await GatewayFixture.ProblemAsync(response, 400, "MALFORMED_FORM");
    }

    [Fact]
    public async Task Read_MultipartWithoutBoundary_400InvalidRequest()
    {
        using HttpClient client = _gateway.CreateClient();
        var content = new StringContent("grant_type=client_credentials");
        content.Headers.ContentType = new("multipart/form-data");
        HttpResponseMessage response = await client.PostAsync("/connect/token", content);
        await GatewayFixture.ProblemAsync(response, 400, "INVALID_REQUEST");
    }

    [Fact]
    public async Task Token_ParameterGivenTwice_400InvalidRequest()
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.PostAsync("/connect/token", new StringContent(
            "grant_type=client_credentials&client_id=NOBODY&client_id=BHXH&client_secret=bhxh-secret", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var problem = await GatewayFixture.ProblemAsync(response, 400, "INVALID_REQUEST");
        Assert.Contains("client_id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_FormWithCharset_Accepted()
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.PostAsync("/connect/token", new StringContent(
            "grant_type=client_credentials&client_id=BHXH&client_secret=bhxh-secret", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
