using System.Net.Http.Headers;
using System.Text.Json;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Signing;
using DeAn06.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>
/// The simulator, the verification service and the time-stamping authority as real processes; gateways
/// in-process in front of them, each sealing its log with the seal key from <see cref="Certificates"/>
/// and stamping the seals at the TSA under its own requester name.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string UpstreamSecret = "gateway-tests-upstream-secret";
    public const string AdminKey = "gateway-tests-admin";
    public static readonly Dictionary<string, string> Secrets = new()
    {
        ["BHXH"] = "bhxh-secret", ["THUE"] = "thue-secret", ["OPS"] = "ops-secret", ["SLOW"] = "slow-secret",
    };

    private static readonly Lazy<string[]> Hashes = new(() => Secrets.Values.Select(s => SecretHasher.Hash(s, 1_000)).ToArray());

    public ServiceProcess Simulator { get; private set; } = null!;
    public ServiceProcess Verification { get; private set; } = null!;

    public ServiceProcess TimeStamping { get; private set; } = null!;

    /// <summary>The Unix socket the verification service also listens on (besides its TCP address).</summary>
    public string VerificationSocket { get; private set; } = null!;

    /// <summary>The development CA with seal.pem and tsa.pem (and a gateway certificate).</summary>
    public string Certificates { get; } = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "certs");

    /// <summary>The TSA's journal file.</summary>
    public string JournalPath => Path.Combine(Path.GetDirectoryName(Certificates)!, "tsa", "journal.jsonl");

    public async Task InitializeAsync()
    {
        DevCertificates.Create(Certificates, [], TimeProvider.System.GetUtcNow());
        TimeStamping = await ServiceProcess.StartAsync("DeAn06.TimeStamping", TimeStampingArguments(Certificates, JournalPath));
        Simulator = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=5000", "--Population:Seed=7", $"--Admin:Key={AdminKey}"]);
        string db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "v.db");
        VerificationSocket = Path.Combine(Path.GetDirectoryName(db)!, "verification.sock");
        Verification = await ServiceProcess.StartAsync("DeAn06.Verification",
            [$"--Upstream:BaseAddress={Simulator.BaseAddress}", $"--Callers:GatewaySecret={UpstreamSecret}", $"--Storage:SqlitePath={db}", $"--UnixSocket={VerificationSocket}"]);
    }

    public async Task DisposeAsync()
    {
        await Verification.DisposeAsync();
        await Simulator.DisposeAsync();
        await TimeStamping.DisposeAsync();
    }

    /// <summary>Settings for a TSA process with the keys in <paramref name="certificates"/>.</summary>
    public static string[] TimeStampingArguments(string certificates, string journal) =>
    [
        $"--TimeStamping:CertificatePath={Path.Combine(certificates, "tsa.pem")}", $"--TimeStamping:KeyPath={Path.Combine(certificates, "tsa.key.pem")}",
        $"--TimeStamping:JournalPath={journal}",
    ];

    /// <summary>What an auditor of <paramref name="gateway"/>'s log trusts: the CA file and the TSA's journal (read now).</summary>
    internal async Task<LogTrust> TrustForAsync(WebApplicationFactory<Program> gateway, bool journal = true) => new()
    {
        CaCertificates = LogTrust.LoadCertificates(Path.Combine(Certificates, "ca.pem")),
        Journal = journal ? await TsaJournalEntry.LoadAsync(JournalPath, CancellationToken.None) : null,
        Requester = gateway.Services.GetRequiredService<IOptions<MessageLogOptions>>().Value.TimeStampRequester,
    };

    /// <summary>A gateway with the four test consumers; extra settings override.</summary>
    public WebApplicationFactory<Program> CreateGateway(TimeProvider? clock = null, params (string Key, string Value)[] settings)
    {
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        string keys = Path.Combine(dir, "keys");
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Gateway:UpstreamSecret", UpstreamSecret);
            b.UseSetting("Tokens:KeysPath", keys);
            b.UseSetting("MessageLog:SqlitePath", Path.Combine(dir, "message-log.db"));
            b.UseSetting("MessageLog:SealCertificatePath", Path.Combine(Certificates, "seal.pem"));
            b.UseSetting("MessageLog:SealKeyPath", Path.Combine(Certificates, "seal.key.pem"));
            b.UseSetting("MessageLog:TimeStampUrl", new Uri(TimeStamping.BaseAddress, "timestamp").ToString());
            b.UseSetting("MessageLog:TimeStampRequester", "gw-" + Path.GetFileName(dir)); // one journal, one requester per gateway
            b.UseSetting("ReverseProxy:Clusters:verification:Destinations:primary:Address", Verification.BaseAddress.ToString());
            b.UseSetting("ReverseProxy:Clusters:population-db:Destinations:primary:Address", Simulator.BaseAddress.ToString());
            string[] ids = [.. Secrets.Keys];
            for (int i = 0; i < ids.Length; i++)
            {
                b.UseSetting($"Consumers:Clients:{ids[i]}:SecretHash", Hashes.Value[i]);
            }

            Grant(b, "BHXH", "06", 1000, "verify", "batch");
            Grant(b, "THUE", "38", 1000, "verify");
            Grant(b, "OPS", null, 1000, "statistics", "population-db");
            Grant(b, "SLOW", "06", 2, "verify");
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            if (clock is not null)
            {
                b.ConfigureTestServices(s => s.AddSingleton(clock));
            }
        });
    }

    /// <summary>Replaces the simulator's fault settings.</summary>
    public async Task SetFaultsAsync(string json)
    {
        using HttpClient client = Simulator.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, "/admin/faults") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Admin-Key", AdminKey);
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public static async Task<string> TokenAsync(HttpClient client, string clientId, string? secret = null)
    {
        using HttpResponseMessage response = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret ?? Secrets[clientId],
        }));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<HttpClient> ClientForAsync(WebApplicationFactory<Program> gateway, string clientId)
    {
        HttpClient client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(client, clientId));
        return client;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string code)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        return json;
    }

    private static void Grant(IWebHostBuilder b, string id, string? province, int rate, params string[] services)
    {
        for (int i = 0; i < services.Length; i++)
        {
            b.UseSetting($"Consumers:Clients:{id}:Services:{i}", services[i]);
        }

        b.UseSetting($"Consumers:Clients:{id}:RatePerSecond", rate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.UseSetting($"Consumers:Clients:{id}:Burst", Math.Min(rate, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (province is not null)
        {
            b.UseSetting($"Consumers:Clients:{id}:Province", province);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
