extern alias popdb;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DeAn06.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PopGen = popdb::DeAn06.PopulationDb.Population.Generation.PopulationGenerator;
using Store = popdb::DeAn06.PopulationDb.Population.CitizenStore;

namespace DeAn06.Verification.Tests.Support;

/// <summary>
/// The real population-DB simulator on loopback (20,000 citizens, seed 42), the same population
/// generated in-process (to know what it holds), and a factory for the verification service.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    public const ulong Seed = 42;
    public const int Size = 20_000;
    public const string AdminKey = "verification-tests";
    public const string GatewaySecret = "test-gateway-secret-0123456789";

    public ServiceProcess Simulator { get; private set; } = null!;

    public Store Population { get; } = PopGen.Generate(Seed, Size, new DateOnly(2024, 7, 1));

    public async Task InitializeAsync() =>
        Simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb", [$"--Population:Size={Size}", $"--Population:Seed={Seed}", $"--Admin:Key={AdminKey}"]);

    public async Task DisposeAsync() => await Simulator.DisposeAsync();

    /// <summary>A verification service in-process with its own SQLite file; settings override the test defaults.</summary>
    public WebApplicationFactory<Program> CreateService(params (string Key, string Value)[] settings)
    {
        string db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db");
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Upstream:BaseAddress", Simulator.BaseAddress.ToString());
            b.UseSetting("Callers:GatewaySecret", GatewaySecret);
            b.UseSetting("Storage:SqlitePath", db);
            b.UseSetting("Batch:ChunkSize", "500");
            b.UseSetting("Batch:UpstreamPause", "00:00:00.200");
            b.UseSetting("Upstream:Realtime:AttemptTimeout", "00:00:00.500");
            b.UseSetting("Upstream:Realtime:BaseDelay", "00:00:00.020");
            b.UseSetting("Upstream:Batch:BaseDelay", "00:00:00.050");
            b.UseSetting("Upstream:Batch:AttemptTimeout", "00:00:02");
            b.UseSetting("Upstream:Batch:BreakerBreakDuration", "00:00:01");
            b.UseSetting("Upstream:Realtime:BreakerBreakDuration", "00:00:01");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
    }

    /// <summary>A client that calls as the gateway does, for <paramref name="sector"/>.</summary>
    public static HttpClient GatewayClient(WebApplicationFactory<Program> service, string sector = "BHXH", string province = "06")
    {
        HttpClient client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", GatewaySecret);
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", sector);
        client.DefaultRequestHeaders.Add("X-DeAn06-Province", province);
        return client;
    }

    public async Task SetFaultsAsync(object settings)
    {
        using var client = Simulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/faults")
        {
            Content = new StringContent(JsonSerializer.Serialize(settings), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Admin-Key", AdminKey);
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task ClearFaultsAsync() => SetFaultsAsync(new { });

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status = 200)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        JsonElement json = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        return json;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>, ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "stack";
}
