using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Gateway.Tests.Routing;

/// <summary>Every answer carries nosniff; the gateway's own answers also a CSP, no framing and no Referer to other sites.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SecurityHeadersTests(GatewayFixture fixture) : IAsyncLifetime
{
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData("/ops/login")]
    [InlineData("/ops/assets/ops.js")]
    public async Task Page_OperatorsPage_CspAllowsOnlyItsOwnFiles(string path)
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        AssertBrowserHardening(response);
    }

    [Theory]
    [InlineData("login.html")]
    [InlineData("index.html")]
    public async Task Page_OperatorsPage_NoInlineScriptOrStyleForTheCspToBlock(string name)
    {
        using Stream stream = typeof(Program).Assembly.GetManifestResourceStream("ops/" + name)!;
        string html = await new StreamReader(stream).ReadToEndAsync();
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("\\sstyle=|\\son[a-z]+=", RegexOptions.IgnoreCase), html);

        using Stream js = typeof(Program).Assembly.GetManifestResourceStream("ops/ops.js")!;
        Assert.DoesNotContain("style=", await new StreamReader(js).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/.well-known/jwks.json", 200)]
    [InlineData("GET", "/no/such/route", 404)]
    [InlineData("POST", "/connect/token", 400)]
    [InlineData("GET", "/api/v1/jobs/job-x", 401)]
    [InlineData("GET", "/ops/api/jobs", 401)]
    public async Task Own_AnyAnswer_CspWithoutAnySource(string method, string path, int status)
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        AssertBrowserHardening(response);
    }

    [Fact]
    public async Task Proxied_UpstreamAnswer_Nosniff()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent(
            """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    private static void AssertBrowserHardening(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out IEnumerable<string>? values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : $"(no {name})";
}
