using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Gateway.Tests.Authorization;

/// <summary>The route's AuthorizationPolicy (from configuration) decides, fed by the registry as it is now.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ServicePolicyTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private const string Csv = "SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n";

    [Fact]
    public async Task RoutePolicy_FromConfiguration_ServiceTheConsumerLacks_403()
    {
        // The verify route made to require the batch service: THUE (verify only) is refused, BHXH (verify and batch) passes.
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("ReverseProxy:Routes:verify:AuthorizationPolicy", Services.Batch));
        using HttpClient thue = await GatewayFixture.ClientForAsync(gateway, "THUE");
        JsonElement problem = await GatewayFixture.ProblemAsync(await thue.PostAsync("/api/v1/verify", Json()), 403, "ACCESS_DENIED");
        Assert.Contains("'batch'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using HttpClient bhxh = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        HttpResponseMessage granted = await bhxh.PostAsync("/api/v1/verify", Json());
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
    }

    [Fact]
    public void RoutePolicy_NotAService_GatewayRefusesToStart()
    {
        using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("ReverseProxy:Routes:verify:AuthorizationPolicy", "Anonymous"));
        Exception ex = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("ReverseProxy:Routes:verify:AuthorizationPolicy", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_GrantAndConsumerAddedAtRuntime_AccessFromTheNextRequest()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway();
        using HttpClient thue = await GatewayFixture.ClientForAsync(gateway, "THUE");
        await GatewayFixture.ProblemAsync(await thue.PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv")), 403, "ACCESS_DENIED");

        var configuration = (IConfigurationRoot)gateway.Services.GetRequiredService<IConfiguration>();
        configuration["Consumers:Clients:THUE:Services:1"] = Services.Batch;
        configuration["Consumers:Clients:NEWCO:SecretHash"] = SecretHasher.Hash("newco-secret", 1_000);
        configuration["Consumers:Clients:NEWCO:Services:0"] = Services.Verify;
        configuration.Reload();

        // The same token, now granted batch: the job is accepted (same token, no restart).
        HttpResponseMessage accepted = await thue.PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        Assert.True((int)accepted.StatusCode == 202, $"{(int)accepted.StatusCode}: {await accepted.Content.ReadAsStringAsync()}");

        // A consumer that did not exist at start-up gets a token and its service.
        using HttpClient newco = gateway.CreateClient();
        newco.DefaultRequestHeaders.Authorization = new("Bearer", await GatewayFixture.TokenAsync(newco, "NEWCO", "newco-secret"));
        HttpResponseMessage verified = await newco.PostAsync("/api/v1/verify", Json());
        Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());
        await GatewayFixture.ProblemAsync(await newco.GetAsync("/api/v1/statistics"), 403, "ACCESS_DENIED");
    }

    private static StringContent Json() => new(Record, Encoding.UTF8, "application/json");
}
