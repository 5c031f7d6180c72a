using System.Text;
using System.Text.Json;
using DeAn06.Gateway.RateLimiting;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.Access;

[Collection(GatewayCollection.Name)]
public sealed class AccessTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = fixture.CreateGateway();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Verify_GrantedConsumer_ForwardedWithItsSectorAndPolicy()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = new StringContent(Record, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-DeAn06-Consumer", "THUE"); // a client cannot choose its sector
        request.Headers.Add("X-Request-Id", "req-42");
        HttpResponseMessage response = await client.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        using JsonDocument json = JsonDocument.Parse(body);
        Assert.Equal("tolerant", json.RootElement.GetProperty("policy").GetString()); // BHXH's policy, not THUE's strict one
        Assert.Equal("req-42", json.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("req-42", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Batch_NotGranted_403()
    {
        using HttpClient client = await GatewayFixture.ClientForAsync(_gateway, "THUE");
        HttpResponseMessage response = await client.PostAsync("/api/v1/jobs", new StringContent("SoDinhDanh,HoVaTen\n", Encoding.UTF8, "text/csv"));
        JsonElement problem = await GatewayFixture.ProblemAsync(response, 403, "ACCESS_DENIED");
        Assert.Contains("batch", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_OperatorOnly()
    {
        using HttpClient sector = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        await GatewayFixture.ProblemAsync(await sector.GetAsync("/api/v1/statistics"), 403, "ACCESS_DENIED");
        using HttpClient ops = await GatewayFixture.ClientForAsync(_gateway, "OPS");
        Assert.True((await ops.GetAsync("/api/v1/statistics?format=text")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task PopulationDb_OperatorGranted_Forwarded()
    {
        using HttpClient ops = await GatewayFixture.ClientForAsync(_gateway, "OPS");
        HttpResponseMessage response = await ops.PostAsync("/ndxp/v1/dancu/TraCuuThongTinCongDan", new StringContent("""{"SoDinhDanh":"096199999999"}""", Encoding.UTF8, "application/json"));
        await GatewayFixture.ProblemAsync(response, 404, "CITIZEN_NOT_FOUND");
    }

    [Fact]
    public async Task RateLimit_ConsumerOverItsRate_429WithRetryAfter_OthersUnaffected()
    {
        using HttpClient slow = await GatewayFixture.ClientForAsync(_gateway, "SLOW");
        using HttpClient bhxh = await GatewayFixture.ClientForAsync(_gateway, "BHXH");
        var statuses = new List<int>();
        HttpResponseMessage? limited = null;
        for (int i = 0; i < 8; i++)
        {
            HttpResponseMessage r = await slow.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"));
            statuses.Add((int)r.StatusCode);
            limited ??= (int)r.StatusCode == 429 ? r : null;
            Assert.True((await bhxh.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        }

        Assert.Contains(200, statuses);
        Assert.Contains(429, statuses);
        await GatewayFixture.ProblemAsync(limited!, 429, "RATE_LIMITED");
        Assert.True(limited!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.True(_gateway.Services.GetRequiredService<ConsumerLimiter>().Rejected["SLOW"] >= 1);
        Assert.False(_gateway.Services.GetRequiredService<ConsumerLimiter>().Rejected.ContainsKey("BHXH"));
    }

    [Fact]
    public async Task BatchQuota_UsedUp_429UntilMidnight_SurvivesRestart()
    {
        string log = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "quota-log.db");
        (string, string)[] settings = [("Consumers:Clients:BHXH:BatchQuota", "2"), ("MessageLog:SqlitePath", log)];
        const string csv = "SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n";
        await using (var first = fixture.CreateGateway(null, settings))
        {
            using HttpClient client = await GatewayFixture.ClientForAsync(first, "BHXH");
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(202, (int)(await client.PostAsync("/api/v1/jobs", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode);
            }

            HttpResponseMessage refused = await client.PostAsync("/api/v1/jobs", new StringContent(csv, Encoding.UTF8, "text/csv"));
            await GatewayFixture.ProblemAsync(refused, 429, "QUOTA_EXCEEDED");
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        }

        await using var second = fixture.CreateGateway(null, settings);
        using HttpClient again = await GatewayFixture.ClientForAsync(second, "BHXH");
        await GatewayFixture.ProblemAsync(await again.PostAsync("/api/v1/jobs", new StringContent(csv, Encoding.UTF8, "text/csv")), 429, "QUOTA_EXCEEDED");
    }

    [Fact]
    public async Task UnknownRoute_404ProblemJson()
    {
        using HttpClient client = _gateway.CreateClient();
        await GatewayFixture.ProblemAsync(await client.GetAsync("/khong-co"), 404, "ROUTE_NOT_FOUND");
    }

    [Fact]
    public void Registry_Invalid_StartupFailsListingEveryError()
    {
        using var bad = fixture.CreateGateway(null,
            ("Consumers:Clients:BHXH:SecretHash", "plain-text"), ("Consumers:Clients:THUE:Services:1", "everything"), ("Consumers:Clients:SLOW:RatePerSecond", "0"));
        var ex = Assert.ThrowsAny<OptionsValidationException>(() => bad.CreateClient());
        Assert.Contains("Consumers:Clients:BHXH:SecretHash", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Consumers:Clients:THUE:Services names 'everything'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Consumers:Clients:SLOW:RatePerSecond", ex.Message, StringComparison.Ordinal);
    }
}
