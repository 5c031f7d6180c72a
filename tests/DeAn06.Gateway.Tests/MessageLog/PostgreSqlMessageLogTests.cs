using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>
/// Gateways sharing one real PostgreSQL message log: each node keeps its own chain, seals it and is
/// checked on its own by audit verify; answers wait for their entry's commit, so kill -9 loses none.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PostgreSqlMessageLogTests(GatewayFixture fixture, PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";

    [Fact]
    public async Task AuditVerify_TwoNodesOneDatabase_EachChainIntactThenTamperedRowNamed()
    {
        string db = await postgres.CreateDatabaseAsync();
        await using WebApplicationFactory<Program> a = CreateGateway(db, "gw-a");
        await using WebApplicationFactory<Program> b = CreateGateway(db, "gw-b");
        foreach (WebApplicationFactory<Program> gateway in new[] { a, b, a, b })
        {
            using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
            for (int i = 0; i < 3; i++)
            {
                using HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent(Record, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
        }

        string connection = ConnectionFile(db);
        (int code, string output) = Audit(connection);
        Assert.True(code == 0, output);
        Assert.Matches(@"node gw-a: intact: 8 entries, 2 seals .*2 of 2 seals timestamped, all 2 TSA journal tokens for 'gw-[0-9a-f]+-gw-a' found", output);
        Assert.Matches(@"node gw-b: intact: 8 entries, 2 seals .*2 of 2 seals timestamped", output);
        Assert.Contains("total: 2 nodes intact, 16 entries, 4 seals", output);

        await ExecuteAsync(db, "UPDATE message_log.entries SET status = 299 WHERE node = 'gw-b' AND seq = 3");
        (code, output) = Audit(connection);
        Assert.True(code == 1, output);
        Assert.Contains("node gw-a: intact: 8 entries", output);
        Assert.Contains("node gw-b: BROKEN at entry 3: entry 3 was altered (its fields no longer give its hash)", output);
        Assert.Contains("total: 1 of 2 nodes BROKEN (gw-b at entry 3)", output);

        using HttpClient ops = await GatewayFixture.ClientForAsync(b, "OPS");
        using JsonDocument nodes = JsonDocument.Parse(await ops.GetStringAsync("/ops/api/nodes"));
        Assert.Equal("gw-b", nodes.RootElement.GetProperty("self").GetString());
        JsonElement[] listed = [.. nodes.RootElement.GetProperty("nodes").EnumerateArray()];
        Assert.Equal(["gw-a", "gw-b"], listed.Select(n => n.GetProperty("node").GetString()));
        Assert.Equal(8, listed[0].GetProperty("entries").GetInt64());
        Assert.Equal(8, listed[0].GetProperty("sealedUpTo").GetInt64());
        Assert.True(listed[1].GetProperty("entries").GetInt64() >= 9, listed[1].ToString()); // b also logged the operator's token request
    }

    [Fact]
    public async Task Nodes_WithoutTheStatisticsGrant_Refused()
    {
        string db = await postgres.CreateDatabaseAsync();
        await using WebApplicationFactory<Program> gateway = CreateGateway(db, "gw-c");
        using HttpClient bhxh = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        using HttpResponseMessage response = await bhxh.GetAsync("/ops/api/nodes");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_PostgreSqlCommitHeld_NoAnswerUntilCommitted()
    {
        string db = await postgres.CreateDatabaseAsync();
        await using WebApplicationFactory<Program> gateway = CreateGateway(db, "gw-held", ("MessageLog:CommitTimeout", "00:02:00"));
        using HttpClient client = gateway.CreateClient();
        using (await client.GetAsync("/ops/assets/ops.css"))
        {
            // The node and its schema exist once the first entry is in.
        }

        string id = "held-" + Guid.NewGuid().ToString("N");
        Task<HttpResponseMessage> answer;
        await using (var c = new NpgsqlConnection(db))
        {
            await c.OpenAsync();
            await using NpgsqlTransaction tx = await c.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE message_log.entries IN EXCLUSIVE MODE", c, tx))
            {
                await lockTable.ExecuteNonQueryAsync(); // the writer's COPY waits for it, as a slow database would make it wait
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "/ops/assets/ops.css");
            request.Headers.Add("X-Request-Id", id);
            answer = client.SendAsync(request);
            await Assert.ThrowsAsync<TimeoutException>(() => answer.WaitAsync(TimeSpan.FromMilliseconds(500)));
            await tx.RollbackAsync();
        }

        using HttpResponseMessage response = await answer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gw-held"], await LoggedNodesAsync(db, id)); // committed before the answer arrived
    }

    [Fact]
    public async Task InvokeAsync_PostgreSqlRestarted_503WhileDownThenLoggedAgainAndChainIntact()
    {
        string db = await postgres.CreateDatabaseAsync();
        await using WebApplicationFactory<Program> gateway = CreateGateway(db, "gw-restart", ("MessageLog:CommitTimeout", "00:00:01"));
        using HttpClient client = gateway.CreateClient();
        using (HttpResponseMessage before = await client.GetAsync("/ops/assets/ops.css"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        PostgreSqlServer server = await postgres.ServerAsync();
        await server.StopAsync();
        try
        {
            using HttpResponseMessage down = await client.GetAsync("/ops/assets/ops.css");
            await GatewayFixture.ProblemAsync(down, 503, "MESSAGE_LOG_UNAVAILABLE"); // no answer the log would not prove
        }
        finally
        {
            await server.StartServerAsync();
        }

        // The writer reconnects on its own; its retries may need a moment after the restart.
        var watch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            using HttpResponseMessage after = await client.GetAsync("/ops/assets/ops.css");
            status = after.StatusCode;
            Assert.True(status == HttpStatusCode.OK || watch.Elapsed < TimeSpan.FromSeconds(60), $"still {status} 60 s after the restart");
        }
        while (status != HttpStatusCode.OK);

        await gateway.Services.GetRequiredService<MessageLogWriter>().FlushAsync(seal: true, CancellationToken.None);
        (int code, string output) = Audit(ConnectionFile(db));
        Assert.True(code == 0, output);
        Assert.Contains("node gw-restart: intact", output);
    }

    [Fact]
    public async Task Kill9_TwoGatewayProcessesOneDatabase_EveryAnsweredRequestHasItsEntryOnItsNode()
    {
        string db = await postgres.CreateDatabaseAsync();
        var answered = new ConcurrentDictionary<string, (string Node, int Status)>(StringComparer.Ordinal);
        await using ServiceProcess a = await StartGatewayAsync(db, "gw-a");
        await using ServiceProcess b = await StartGatewayAsync(db, "gw-b");
        using var stop = new CancellationTokenSource();
        var counts = new ConcurrentDictionary<string, int>();
        List<Task> callers = [];
        foreach (var (node, gateway) in new[] { ("gw-a", a), ("gw-b", b) })
        {
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayFixture.TokenAsync(http, "BHXH"));
            callers.AddRange(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    string id = Guid.NewGuid().ToString("N");
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify") { Content = new StringContent(Record, Encoding.UTF8, "application/json") };
                    request.Headers.Add("X-Request-Id", id);
                    try
                    {
                        using HttpResponseMessage response = await http.SendAsync(request, stop.Token);
                        await response.Content.ReadAsByteArrayAsync(stop.Token);
                        answered[id] = (node, (int)response.StatusCode); // a whole answer reached the caller
                        counts.AddOrUpdate(node, 1, (_, n) => n + 1);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
                    {
                        return; // the gateway is gone
                    }
                }
            })));
        }

        var watch = Stopwatch.StartNew();
        while (counts.GetValueOrDefault("gw-a") < 300 || counts.GetValueOrDefault("gw-b") < 300)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"answers in 60 s: {string.Join(", ", counts)}\n{a.Output}\n{b.Output}");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        foreach (ServiceProcess gateway in new[] { b, a })
        {
            Process.GetProcessById(gateway.ProcessId).Kill(); // SIGKILL, mid-load
            Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Dictionary<string, string> logged = await LoggedAsync(db);
        string[] lost = [.. answered.Where(x => logged.GetValueOrDefault(x.Key) != x.Value.Node).Select(x => $"{x.Key} ({x.Value})")];
        Assert.True(answered.Values.Count(s => s.Status == 200) >= 600, $"too few 2xx answers: {answered.Count}");
        Assert.True(lost.Length == 0, $"{lost.Length} of {answered.Count} answered requests have no entry on their node: {string.Join(", ", lost.Take(10))}");
        (int code, string output) = Audit(ConnectionFile(db));
        Assert.True(code == 0, output);
        Assert.Matches("node gw-a: intact", output);
        Assert.Matches("node gw-b: intact", output);
    }

    [Fact]
    public void Start_PostgreSqlWithoutConnectionString_RefusedNamingTheSetting()
    {
        using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("MessageLog:Provider", "PostgreSQL"));
        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());
        Assert.Contains("MessageLog:Provider is PostgreSQL but ConnectionStrings:MessageLog is empty", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AuditVerify_ConnectionStringOnCommandLine_RefusedExit2()
    {
        (int code, string output) = Audit("Host=127.0.0.1;Username=postgres;Password=secret");
        Assert.Equal(2, code);
        Assert.Equal("audit: --connection takes env:NAME or file:PATH, never the connection string itself (it may hold a password)", output.Trim());
    }

    private WebApplicationFactory<Program> CreateGateway(string db, string node, params (string Key, string Value)[] settings) => fixture.CreateGateway(null,
        [("MessageLog:Provider", "PostgreSQL"), ("ConnectionStrings:MessageLog", db), ("MessageLog:NodeId", node), .. settings]);

    private Task<ServiceProcess> StartGatewayAsync(string db, string node) => ServiceProcess.StartAsync("DeAn06.Gateway",
    [
        $"--Gateway:UpstreamSecret={GatewayFixture.UpstreamSecret}", $"--Tokens:KeysPath={Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "keys")}",
        "--MessageLog:Provider=PostgreSQL", $"--MessageLog:NodeId={node}", "--MessageLog:SealInterval=00:00:01",
        $"--MessageLog:SealCertificatePath={Path.Combine(fixture.Certificates, "seal.pem")}", $"--MessageLog:SealKeyPath={Path.Combine(fixture.Certificates, "seal.key.pem")}",
        $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={fixture.Verification.BaseAddress}",
        $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={fixture.Simulator.BaseAddress}",
        $"--Consumers:Clients:BHXH:SecretHash={SecretHasher.Hash(GatewayFixture.Secrets["BHXH"], 1_000)}", "--Consumers:Clients:BHXH:Services:0=verify",
        "--Consumers:Clients:BHXH:RatePerSecond=100000", "--Consumers:Clients:BHXH:Burst=100000", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
    ], environment: new Dictionary<string, string> { ["ConnectionStrings__MessageLog"] = db }); // never on the command line

    private (int Code, string Output) Audit(string connection)
    {
        using var output = new StringWriter();
        int code = AuditCommand.TryRun(["audit", "verify", "--connection", connection, "--ca", Path.Combine(fixture.Certificates, "ca.pem"), "--tsa-journal", fixture.JournalPath], output)!.Value;
        return (code, output.ToString());
    }

    private static string ConnectionFile(string db)
    {
        string file = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "message-log.connection");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, db);
        return "file:" + file;
    }

    private static async Task ExecuteAsync(string db, string sql)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
    }

    private static async Task<List<string>> LoggedNodesAsync(string db, string requestId)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT node FROM message_log.entries WHERE request_id = @id", c);
        cmd.Parameters.AddWithValue("id", requestId);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var nodes = new List<string>();
        while (await r.ReadAsync())
        {
            nodes.Add(r.GetString(0));
        }

        return nodes;
    }

    private static async Task<Dictionary<string, string>> LoggedAsync(string db)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT request_id, node FROM message_log.entries", c);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        var logged = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await r.ReadAsync())
        {
            logged[r.GetString(0)] = r.GetString(1);
        }

        return logged;
    }
}
