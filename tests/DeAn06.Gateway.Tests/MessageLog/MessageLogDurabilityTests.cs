using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using DeAn06.Gateway.Consumers;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>kill -9 of a real gateway process under load: every answer a caller got has its entry.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MessageLogDurabilityTests(GatewayFixture fixture)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private const int Kills = 3;
    private const int InFlight = 96;
    private const int AnsweredBeforeKill = 400;

    [Fact]
    public async Task Kill9_UnderLoad_EveryAnsweredRequestHasItsEntry()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
        string log = Path.Combine(dir, "log.db");
        var answered = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        for (int kill = 0; kill < Kills; kill++)
        {
            await using ServiceProcess gateway = await StartGatewayAsync(dir, log);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = InFlight }) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await GatewayFixture.TokenAsync(http, "BHXH"));
            int answeredThisRun = 0;
            using var stop = new CancellationTokenSource();
            Task[] callers = [.. Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
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
                        answered[id] = (int)response.StatusCode; // a whole answer reached the caller
                        Interlocked.Increment(ref answeredThisRun);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
                    {
                        return; // the gateway is gone
                    }
                }
            }))];

            var watch = Stopwatch.StartNew();
            while (Volatile.Read(ref answeredThisRun) < AnsweredBeforeKill)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"only {answeredThisRun} answers in 60 s:\n{gateway.Output}");
                Assert.False(callers.All(c => c.IsCompleted), $"the callers stopped early:\n{gateway.Output}");
                await Task.Delay(TimeSpan.FromMilliseconds(10));
            }

            Process.GetProcessById(gateway.ProcessId).Kill(); // SIGKILL, mid-load
            Assert.True(await gateway.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await stop.CancelAsync();
            await Task.WhenAll(callers);
        }

        HashSet<string> logged = LoggedRequestIds(log);
        string[] lost = [.. answered.Where(a => !logged.Contains(a.Key)).Select(a => $"{a.Key} ({a.Value})")];
        Assert.True(answered.Values.Count(s => s is >= 200 and < 300) >= Kills * AnsweredBeforeKill / 2, $"too few 2xx answers: {answered.Count}");
        Assert.True(lost.Length == 0, $"{lost.Length} of {answered.Count} answered requests have no entry after {Kills} kills: {string.Join(", ", lost.Take(10))}");
        VerifyResult result = MessageLogVerifier.Verify(log, new LogTrust { CaCertificates = LogTrust.LoadCertificates(Path.Combine(fixture.Certificates, "ca.pem")) });
        Assert.True(result.Intact, result.Problem);
    }

    private Task<ServiceProcess> StartGatewayAsync(string dir, string log) => ServiceProcess.StartAsync("DeAn06.Gateway",
    [
        $"--Gateway:UpstreamSecret={GatewayFixture.UpstreamSecret}", $"--Tokens:KeysPath={dir}/keys", $"--MessageLog:SqlitePath={log}",
        $"--ReverseProxy:Clusters:verification:Destinations:primary:Address={fixture.Verification.BaseAddress}",
        $"--ReverseProxy:Clusters:population-db:Destinations:primary:Address={fixture.Simulator.BaseAddress}",
        $"--Consumers:Clients:BHXH:SecretHash={SecretHasher.Hash(GatewayFixture.Secrets["BHXH"], 1_000)}", "--Consumers:Clients:BHXH:Services:0=verify",
        "--Consumers:Clients:BHXH:RatePerSecond=100000", "--Consumers:Clients:BHXH:Burst=100000", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
    ]);

    private static HashSet<string> LoggedRequestIds(string log)
    {
        // Read-write, as the next gateway would open it: the first connection after a crash recovers the WAL.
        using var c = new SqliteConnection($"Data Source={log};Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT request_id FROM message_log";
        using SqliteDataReader r = cmd.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (r.Read())
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }
}
