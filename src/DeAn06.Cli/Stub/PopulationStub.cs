using System.Globalization;
using System.Security.Cryptography;
using DeAn06.PopulationDb.Json;
using DeAn06.PopulationDb.Population;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace DeAn06.Cli.Stub;

/// <summary>
/// The population-DB contract served by WireMock.Net from mappings generated from the simulator's
/// population: one look-up mapping per ID and per CMND of the sampled citizens, 404/400 problems in
/// the simulator's shape for everything else, and the bulk look-up answered from the same sample.
/// WireMock's admin API (stubs, scenarios, request journal, delays, faults) is on, behind basic
/// authentication, and everything listens on 127.0.0.1 only.
/// </summary>
internal sealed class PopulationStub : IDisposable
{
    /// <summary>The admin API's user name; the password is the key printed at start.</summary>
    public const string AdminUser = "dean06";

    /// <summary>Priority of the generated per-citizen look-ups; lower numbers win in WireMock.</summary>
    public const int CitizenPriority = 10;

    /// <summary>Priority of the generated catch-alls (unknown IDs, malformed bodies) and the bulk look-up.</summary>
    public const int FallbackPriority = 100;

    internal const string LookupPath = "/api/v1/TraCuuThongTinCongDan";
    internal const string BulkPath = "/api/v1/TraCuuThongTinCongDan/bulk";

    private readonly WireMockServer _server;

    private PopulationStub(WireMockServer server, string adminKey, IReadOnlyList<Citizen> citizens)
    {
        _server = server;
        AdminKey = adminKey;
        Citizens = citizens;
    }

    /// <summary>
    /// The base address, e.g. http://127.0.0.1:5309/. WireMock names it "localhost" when a port is given
    /// (it then listens on both loopbacks, 127.0.0.1 and ::1); clients are pointed at 127.0.0.1.
    /// </summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_server.Port.ToString(CultureInfo.InvariantCulture)}/");

    public string AdminKey { get; }

    /// <summary>The citizens the stub knows, in population order.</summary>
    public IReadOnlyList<Citizen> Citizens { get; }

    public static PopulationStub Start(CitizenStore population, int citizens, int port)
    {
        Citizen[] sample = Enumerable.Range(0, Math.Min(citizens, population.Count)).Select(i => population[i]).ToArray();
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        WireMockServer server;
        try
        {
            server = WireMockServer.Start(new WireMockServerSettings
            {
                // An explicit loopback URL: WireMock's default binds every interface. With a port given, 1.25
                // listens on "localhost" (127.0.0.1 and ::1), with port 0 on 127.0.0.1 alone: loopback either way.
                Urls = [$"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
                StartAdminInterface = true,
                AdminUsername = AdminUser,
                AdminPassword = key,
                PreWireMockMiddlewareInit = app => AdminKeyGuard.Use(app, AdminUser, key),
                MaxRequestLogCount = 1000,
            });
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException or WireMock.Exceptions.WireMockException)
        {
            throw new CliException($"Port {port} on 127.0.0.1 is in use or cannot be bound: {ex.GetBaseException().Message}", ExitCodes.Unavailable);
        }

        var stub = new PopulationStub(server, key, sample);
        stub.AddMappings(new BulkLookup(sample));
        return stub;
    }

    /// <summary>Writes every serialisable mapping as WireMock JSON (one file each), for integrators to edit and post back.</summary>
    public int SaveMappings(string folder)
    {
        Directory.CreateDirectory(folder);
        int written = 0;
        foreach (var model in _server.MappingModels.Where(m => m.Response.BodyAsJson is not null || m.Response.Body is not null))
        {
            string name = string.Concat((model.Title ?? model.Guid?.ToString() ?? "mapping").Select(ch => char.IsLetterOrDigit(ch) ? ch : '-'));
            File.WriteAllText(Path.Combine(folder, name + ".json"), JsonConvert.SerializeObject(model, Formatting.Indented,
                new JsonSerializerSettings { NullValueHandling = NullValueHandling.Ignore }));
            written++;
        }

        return written;
    }

    public void Dispose() => _server.Stop();

    private void AddMappings(BulkLookup bulk)
    {
        foreach (Citizen c in Citizens)
        {
            JToken body = Parse(CitizenDocuments.Full(c));
            string id = c.Id.ToString("D12", CultureInfo.InvariantCulture);
            AddLookup($"lookup-{id}", new { SoDinhDanh = id }, body);
            if (c.Cmnd != 0)
            {
                string cmnd = c.Cmnd.ToString("D9", CultureInfo.InvariantCulture);
                AddLookup($"lookup-cmnd-{cmnd}", new { SoCMND = cmnd }, body);
            }
        }

        // A well-formed number nobody in the sample holds: the simulator's 404.
        _server.Given(Request.Create().WithPath(LookupPath).UsingPost()
                .WithBody(new RegexMatcher("""^\s*\{\s*"(SoDinhDanh"\s*:\s*"\d{12}|SoCMND"\s*:\s*"\d{9})"\s*\}\s*$""")))
            .WithTitle("lookup-unknown-number").AtPriority(FallbackPriority)
            .RespondWith(StubProblem.Response(404, "CITIZEN_NOT_FOUND", "No such citizen.", "No citizen has this number in the population database."));

        // Anything else sent to the look-up: the stub does not validate field by field as the simulator does.
        _server.Given(Request.Create().WithPath(LookupPath).UsingPost())
            .WithTitle("lookup-unreadable").AtPriority(FallbackPriority + 1)
            .RespondWith(StubProblem.Response(400, "INVALID_ID_FORMAT", "The request is invalid.",
                """Send {"SoDinhDanh":"<12 digits>"} or {"SoCMND":"<9 digits>"} (the stub answers no other body).""", field: "SoDinhDanh"));

        // The bulk look-up combines any IDs in one body, which one mapping per body cannot cover: a callback
        // answers it from the same sample (mappings added through the admin API at a lower priority number win).
        _server.Given(Request.Create().WithPath(BulkPath).UsingPost())
            .WithTitle("bulk-lookup").AtPriority(FallbackPriority)
            .RespondWith(Response.Create().WithCallback(bulk.Answer));
    }

    private void AddLookup(string title, object request, JToken body) =>
        _server.Given(Request.Create().WithPath(LookupPath).UsingPost().WithBody(new JsonMatcher(request)))
            .WithTitle(title).AtPriority(CitizenPriority)
            .RespondWith(Response.Create().WithStatusCode(200)
                .WithHeader("Content-Type", "application/json; charset=utf-8")
                .WithBodyAsJson(body));

    /// <summary>Parses without turning date-like strings into dates, so the answer is written back as generated.</summary>
    private static JToken Parse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }
}
