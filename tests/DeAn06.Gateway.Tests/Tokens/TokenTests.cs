using Microsoft.Extensions.Time.Testing;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Gateway.Tokens;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DeAn06.Gateway.Tests.Tokens;

[Collection(GatewayCollection.Name)]
public sealed class TokenTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway(_clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Token_ClientCredentials_Es256TokenVerifiableWithJwks()
    {
        using HttpClient client = _gateway.CreateClient();
        string token = await GatewayFixture.TokenAsync(client, "BHXH");
        var jwt = new JsonWebToken(token);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("BHXH", jwt.Subject);
        Assert.Equal("verify batch", jwt.GetClaim("scope").Value);
        Assert.Equal(TimeSpan.FromMinutes(5), jwt.ValidTo - jwt.ValidFrom);

        using JsonDocument jwks = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks.json"));
        JsonElement[] keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(2, keys.Length);
        Assert.Contains(keys, k => k.GetProperty("kid").GetString() == jwt.Kid);
        Assert.All(keys, k => Assert.False(k.TryGetProperty("d", out _), "a private key must never be published"));
    }

    [Theory]
    [InlineData("BHXH", "wrong")]
    [InlineData("NOBODY", "x")]
    public async Task Token_BadCredentials_401InvalidClient(string id, string secret)
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = id, ["client_secret"] = secret,
        }));
        JsonElement problem = await GatewayFixture.ProblemAsync(response, 401, "INVALID_CLIENT");
        Assert.Equal("invalid_client", problem.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_OtherGrantType_400()
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password" }));
        await GatewayFixture.ProblemAsync(response, 400, "UNSUPPORTED_GRANT_TYPE");
    }

    [Fact]
    public async Task Token_BasicAuthentication_Accepted()
    {
        using HttpClient client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }) };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("THUE:thue-secret")));
        Assert.True((await client.SendAsync(request)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Proxy_NoToken_401WithChallenge()
    {
        using HttpClient client = _gateway.CreateClient();
        HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent("{}", Encoding.UTF8, "application/json"));
        await GatewayFixture.ProblemAsync(response, 401, "TOKEN_MISSING");
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_ExpiredToken_401()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));
        JsonElement problem = await GatewayFixture.ProblemAsync(await client.GetAsync("/api/v1/jobs/job-x"), 401, "TOKEN_INVALID");
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proxy_WithinClockSkew_Accepted()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(20));
        HttpResponseMessage response = await client.GetAsync("/api/v1/jobs/job-x");
        Assert.NotEqual(401, (int)response.StatusCode);
    }

    public static TheoryData<string> ForgedTokens() => new() { "unsigned", "foreign-key", "hs256-with-public-key", "wrong-audience", "garbage" };

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Proxy_ForgedToken_401(string kind)
    {
        using HttpClient client = _gateway.CreateClient();
        SigningKeys keys = _gateway.Services.GetRequiredService<SigningKeys>();
        DateTime now = _clock.GetUtcNow().UtcDateTime;
        SecurityTokenDescriptor Descriptor(SigningCredentials? credentials, string audience = "dean06-api") => new()
        {
            Issuer = "dean06-gateway", Audience = audience, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "BHXH", ["scope"] = "verify batch" },
            SigningCredentials = credentials,
        };
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        string token = kind switch
        {
            "unsigned" => handler.CreateToken(Descriptor(null)),
            "foreign-key" => handler.CreateToken(Descriptor(new SigningCredentials(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = keys.Current.KeyId }, SecurityAlgorithms.EcdsaSha256))),
            "hs256-with-public-key" => handler.CreateToken(Descriptor(new SigningCredentials(
                new SymmetricSecurityKey(keys.Current.ECDsa.ExportSubjectPublicKeyInfo()) { KeyId = keys.Current.KeyId }, SecurityAlgorithms.HmacSha256))),
            "wrong-audience" => handler.CreateToken(Descriptor(new SigningCredentials(keys.Current, SecurityAlgorithms.EcdsaSha256), audience: "someone-else")),
            _ => "not.a.token",
        };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await GatewayFixture.ProblemAsync(await client.GetAsync("/api/v1/jobs/job-x"), 401, "TOKEN_INVALID");
    }

    [Fact]
    public async Task KeyRotation_TokenSignedBeforeRotation_StillAccepted()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        SigningKeys keys = _gateway.Services.GetRequiredService<SigningKeys>();
        string before = keys.Current.KeyId;
        _clock.Advance(TimeSpan.FromSeconds(1));
        keys.Rotate();
        Assert.NotEqual(before, keys.Current.KeyId);
        Assert.Contains(keys.All, k => k.KeyId == before);
        Assert.NotEqual(401, (int)(await client.GetAsync("/api/v1/jobs/job-x")).StatusCode);
        keys.Rotate();
        _clock.Advance(TimeSpan.FromSeconds(1));
        keys.Rotate();
        await GatewayFixture.ProblemAsync(await client.GetAsync("/api/v1/jobs/job-x"), 401, "TOKEN_INVALID");
    }
}
