using Microsoft.Extensions.Time.Testing;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Gateway.Tokens;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Tokens;

/// <summary>
/// Tokens in a shape the gateway does not issue are refused even when their signature is valid:
/// the tampered ones are re-signed with the gateway's own key, so only the shape is wrong.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CompactJwsTests(GatewayFixture fixture) : IAsyncLifetime
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
    public async Task Validate_HandSignedTokenOfTheIssuedShape_Accepted()
    {
        // The control for the forgeries below: built the same way, with nothing tampered, it passes.
        string token = Forge(Header(), Payload());
        Assert.NotEqual(401, (int)(await CallAsync(token)).StatusCode);
    }

    [Theory]
    [InlineData("==")]
    [InlineData("=")]
    [InlineData(".")]
    public async Task Validate_IssuedTokenWithSuffix_401EvenAfterTheTokenWasCached(string suffix)
    {
        using HttpClient client = _gateway.CreateClient();
        string token = await GatewayFixture.TokenAsync(client, "BHXH");
        Assert.NotEqual(401, (int)(await CallAsync(token)).StatusCode);

        await GatewayFixture.ProblemAsync(await CallAsync(token + suffix), 401, "TOKEN_INVALID");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Validate_PaddedHeaderOrPayloadSegment_401(int segment)
    {
        using HttpClient client = _gateway.CreateClient();
        string[] parts = (await GatewayFixture.TokenAsync(client, "BHXH")).Split('.');
        parts[segment] += "=";
        await GatewayFixture.ProblemAsync(await CallAsync(string.Join('.', parts)), 401, "TOKEN_INVALID");
    }

    [Fact]
    public async Task Validate_SignatureWithStrayTrailingBits_401()
    {
        // 64 bytes are 86 base64url characters; the last one carries 2 bits and 4 that must be zero.
        // Setting those 4 leaves the decoded signature the same, so a lenient decoder accepts it.
        using HttpClient client = _gateway.CreateClient();
        string token = await GatewayFixture.TokenAsync(client, "BHXH");
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        string tampered = token[..^1] + alphabet[last | 0b0001];
        Assert.NotEqual(token, tampered);
        await GatewayFixture.ProblemAsync(await CallAsync(tampered), 401, "TOKEN_INVALID");
    }

    public static TheoryData<string> Tampered() =>
    [
        "crit-header", "string-exp", "string-iat", "fractional-exp", "future-iat", "long-lifetime",
        "duplicate-exp", "duplicate-alg", "jku-header", "missing-typ", "missing-iat", "missing-exp",
        "lone-surrogate-header", "lone-surrogate-claim",
    ];

    [Theory]
    [MemberData(nameof(Tampered))]
    public async Task Validate_TamperedButValidlySigned_401(string kind)
    {
        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        string token = kind switch
        {
            "crit-header" => Forge(Header(extra: "\"crit\":[\"exp\"]"), Payload()),
            "string-exp" => Forge(Header(), Payload(exp: $"\"{now + 300}\"")),
            "string-iat" => Forge(Header(), Payload(iat: $"\"{now}\"")),
            "fractional-exp" => Forge(Header(), Payload(exp: $"{now + 300}.5")),
            "future-iat" => Forge(Header(), Payload(iat: $"{now + 3600}", exp: $"{now + 3900}")),
            "long-lifetime" => Forge(Header(), Payload(exp: $"{now + 86_400}")),
            "duplicate-exp" => Forge(Header(), Payload(extra: $"\"exp\":{now + 86_400}")),
            "duplicate-alg" => Forge(Header(extra: "\"alg\":\"none\""), Payload()),
            "jku-header" => Forge(Header(extra: "\"jku\":\"https://attacker.example/jwks.json\""), Payload()),
            "missing-typ" => Forge($"{{\"alg\":\"ES256\",\"kid\":\"{KeyId}\"}}", Payload()),
            "missing-iat" => Forge(Header(), Payload(iat: null)),
            // System.Text.Json throws InvalidOperationException, not JsonException, reading these: once a 500.
            "lone-surrogate-header" => Forge(Header(extra: "\"\\udc00\":1"), Payload()),
            "lone-surrogate-claim" => Forge(Header(), Payload(extra: "\"\\udc00x\":1")),
            _ => Forge(Header(), Payload(exp: null)),
        };
        await GatewayFixture.ProblemAsync(await CallAsync(token), 401, "TOKEN_INVALID");
    }

    [Fact]
    public async Task Validate_CritHeader_DetailNamesCrit()
    {
        JsonElement problem = await GatewayFixture.ProblemAsync(await CallAsync(Forge(Header(extra: "\"crit\":[\"exp\"]"), Payload())), 401, "TOKEN_INVALID");
        Assert.Contains("\"crit\"", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_IatWithinClockSkewAhead_Accepted()
    {
        // The issuer's clock may run ahead by up to Tokens:ClockSkew (30 s).
        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        string token = Forge(Header(), Payload(iat: $"{now + 25}", nbf: $"{now}", exp: $"{now + 325}"));
        Assert.NotEqual(401, (int)(await CallAsync(token)).StatusCode);
    }

    private string KeyId => _gateway.Services.GetRequiredService<SigningKeys>().Current.KeyId;

    private string Header(string? extra = null) => $"{{\"alg\":\"ES256\",\"kid\":\"{KeyId}\",\"typ\":\"JWT\"{(extra is null ? "" : "," + extra)}}}";

    /// <summary>The claims the gateway issues; each time is raw JSON text (null leaves it out).</summary>
    private string Payload(string? iat = "", string? nbf = "", string? exp = "", string? extra = null)
    {
        long now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var members = new List<string> { "\"iss\":\"dean06-gateway\"", "\"aud\":\"dean06-api\"", "\"sub\":\"BHXH\"", "\"scope\":\"verify batch\"" };
        foreach (var (name, value, fallback) in new[] { ("iat", iat, now), ("nbf", nbf, now), ("exp", exp, now + 300) })
        {
            if (value is not null)
            {
                members.Add($"\"{name}\":{(value.Length == 0 ? fallback.ToString(System.Globalization.CultureInfo.InvariantCulture) : value)}");
            }
        }

        if (extra is not null)
        {
            members.Add(extra);
        }

        return "{" + string.Join(',', members) + "}";
    }

    /// <summary>A JWS over exactly these JSON texts, signed with the gateway's current key.</summary>
    private string Forge(string header, string payload)
    {
        string input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload));
        ECDsa key = _gateway.Services.GetRequiredService<SigningKeys>().Current.ECDsa;
        return input + "." + Base64Url.EncodeToString(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256));
    }

    private async Task<HttpResponseMessage> CallAsync(string token)
    {
        using HttpClient client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/jobs/job-x");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return await client.SendAsync(request);
    }
}
