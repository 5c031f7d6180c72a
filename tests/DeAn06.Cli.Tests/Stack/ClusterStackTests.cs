using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DeAn06.Cli.Stack;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.Cli.Tests.Support;
using Npgsql;

namespace DeAn06.Cli.Tests.Stack;

/// <summary>
/// <c>dean06 up --cluster</c> with the real engines (PostgreSQL, Redis, HAProxy from Debian's packages):
/// two gateways behind HAProxy, two verification services on PostgreSQL. One cluster, its phases in
/// order, because the last ones break it (a gateway killed, Redis stopped); each phase states what it proves.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterStackTests
{
    private const int Rate = 10;   // YTE's limit in this cluster: 10/s, burst 10 (low, so that even a busy machine's senders ask for more all the time)
    private const int Quota = 2;   // DATDAI's daily batch jobs in this cluster
    private static readonly TimeSpan LimitRun = TimeSpan.FromSeconds(10);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dean06-tests", "cluster-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task StartAsync_TwoGatewaysBehindHaProxy_ShareKeysAndLimitsAndSurviveAGatewayKill()
    {
        int portBase = LoopbackPorts.FreeBase(30_000, 60_000, count: 10);
        await using ClusterStack cluster = await ClusterStack.StartAsync(RepoLayout.Find(), _data, 2_000, portBase, new ClusterOptions(), _ => { }, CancellationToken.None,
            extraGatewayArguments: [$"--Consumers:Clients:YTE:RatePerSecond={Rate}", $"--Consumers:Clients:YTE:Burst={Rate}", $"--Consumers:Clients:DATDAI:BatchQuota={Quota}"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        AssertNoSecretOnACommandLine(cluster);

        // 1. One set of token-signing keys: the JWKS is the same from every gateway, and a token issued by gateway 1 is taken by gateway 2.
        string jwks1 = await http.GetStringAsync(new Uri(cluster.Gateways[0], ".well-known/jwks.json"));
        Assert.Equal(jwks1, await http.GetStringAsync(new Uri(cluster.Gateways[1], ".well-known/jwks.json")));
        string token = await TokenAsync(http, cluster.Gateways[0], cluster.Info.Clients["BHXH"]);
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(cluster.Gateways[1], "api/v1/jobs/no-such-job")))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using HttpResponseMessage answer = await http.SendAsync(request);
            Assert.NotEqual(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        // 1b. The daily batch quota is counted once for both gateways (PostgreSQL): six submissions spread over them, exactly the quota accepted.
        string[] submissions = await SubmitJobsAsync(cluster, cluster.Info.Clients["DATDAI"], 6);
        Assert.Equal(Quota, submissions.Count(s => s == "accepted"));
        Assert.All(submissions.Where(s => s != "accepted"), s => Assert.Equal("QUOTA_EXCEEDED", s));

        // 2. A consumer over its limit, spread over both gateways, is admitted as if there were one gateway (burst + rate × time, within 10 %); another is not refused at all.
        var (admitted, refused, elapsed, failed) = await FloodAsync(http, cluster.Gateways, await TokenAsync(http, cluster.Gateways[0], cluster.Info.Clients["YTE"]), LimitRun);
        double expected = Rate + (Rate * elapsed.TotalSeconds);
        Assert.True(refused > 0, "the flood was refused nothing");
        Assert.True(Math.Abs(admitted - expected) <= expected * 0.1, $"admitted {admitted} (refused {refused}, failed {failed}) in {elapsed.TotalSeconds:F1} s; one gateway's worth is {expected:F0} ± 10 %");
        string other = await TokenAsync(http, cluster.Gateways[1], cluster.Info.Clients["THUE"]);
        foreach (Uri gateway in cluster.Gateways)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await GetJobAsync(http, gateway, other));
        }

        // 3. kill -9 of gateway 2 under load behind HAProxy: once HAProxy marks it down nothing fails; every 2xx has its log entry in the chain of the node that answered (PostgreSQL); audit verify finds both chains intact.
        await KillAGatewayUnderLoadAsync(cluster, _data);

        // 4. Redis down: the documented fail-open to each gateway's own bucket — answered (no 5xx), a flood still refused by the gateway alone.
        cluster.Redis!.Process.Kill();
        await cluster.Redis.Process.WaitForExitAsync();
        string fresh = await TokenAsync(http, cluster.Gateways[0], cluster.Info.Clients["DATDAI"]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, await GetJobAsync(http, cluster.Gateways[0], fresh));
        Assert.True((int)await GetJobAsync(http, cluster.Gateways[0], fresh) < 500);
        string yte = await TokenAsync(http, cluster.Gateways[0], cluster.Info.Clients["YTE"]);
        var (_, refusedAlone, _, failedAlone) = await FloodAsync(http, [cluster.Gateways[0]], yte, TimeSpan.FromSeconds(3));
        Assert.True(refusedAlone > 0, "with Redis down, a flood on one gateway was refused nothing");
        Assert.Equal(0, failedAlone);
    }

    private static async Task KillAGatewayUnderLoadAsync(ClusterStack cluster, string dataFolder)
    {
        var calls = new ConcurrentBag<Call>();
        using var handler = new RecordingHandler(calls);
        using var stop = new CancellationTokenSource();
        ClientInfo thue = cluster.Info.Clients["THUE"];
        var record = new VerificationRecord("001090000001", null, "Nguyễn Văn An", "1990-01-01", "Nam");
        async Task LoadAsync()
        {
            // The SDK's own resilience handler (retries with backoff) sits above the recording transport, which sees every attempt.
            using var client = new DeAn06Client(handler, DeAn06ClientOptions.FromPem(cluster.Info.Gateway, thue.Id, thue.Secret,
                Path.Combine(cluster.Info.CertificatesFolder, thue.Id + ".pem"), Path.Combine(cluster.Info.CertificatesFolder, thue.Id + ".key.pem"),
                Path.Combine(cluster.Info.CertificatesFolder, "ca.pem")));
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await client.VerifyAsync(record);
                }
                catch (Exception ex) when (ex is HttpRequestException or DeAn06ApiException or TaskCanceledException)
                {
                    // A call in flight on the killed gateway whose retries ran out: allowed before HAProxy marks it down (asserted below).
                }
            }
        }

        Task[] load = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(LoadAsync))];
        await UntilAsync(() => calls.Count(c => c.Node == "gateway-2" && c.Ok) >= 20 && calls.Count(c => c.Node == "gateway-1" && c.Ok) >= 20, "both gateways answering");
        int victim = cluster.Processes.Single(p => p.Name == "gateway-2").ProcessId;
        using (Process kill = Process.Start("kill", ["-9", victim.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await UntilAsync(async () => (await cluster.Proxy!.ServerStatusAsync(CancellationToken.None))["gateway-2"].StartsWith("DOWN", StringComparison.Ordinal), "HAProxy marks gateway-2 down");
        long down = Stopwatch.GetTimestamp();
        await UntilAsync(() => calls.Count(c => c.Started > down && c.Ok) >= 100, "100 calls after gateway-2 is down");
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Call[] after = [.. calls.Where(c => c.Started > down)];
        Assert.All(after, c => Assert.True(c.Ok, $"a call after HAProxy marked gateway-2 down failed: {c.Outcome}"));
        Assert.All(after, c => Assert.Equal("gateway-1", c.Node));
        foreach (var group in calls.Where(c => c.Ok).GroupBy(c => c.Node!))
        {
            HashSet<string> logged = await LoggedRequestIdsAsync(cluster.MessageLogConnectionString, group.Key);
            Assert.All(group, c => Assert.Contains(c.RequestId!, logged));
        }

        // dean06 audit verify on the cluster's folder checks every node's chain in PostgreSQL, the killed one's too.
        CliResult audit = await CliResult.RunAsync("audit", "verify", "--data", dataFolder);
        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.Matches(@"node gateway-1: intact: \d+ entries", audit.Output);
        Assert.Matches(@"node gateway-2: intact: \d+ entries", audit.Output);
        Assert.Contains("total: 2 nodes intact", audit.Output, StringComparison.Ordinal);
    }

    /// <summary>Submits <paramref name="count"/> one-line jobs at once, alternating the gateways (not through HAProxy): "accepted" or the refusal's code.</summary>
    private static async Task<string[]> SubmitJobsAsync(ClusterStack cluster, ClientInfo client, int count)
    {
        byte[] csv = "SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n001090000001,Nguyễn Văn An,01/01/1990,Nam\n"u8.ToArray();
        string certificates = cluster.Info.CertificatesFolder;
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var sdk = new DeAn06Client(DeAn06ClientOptions.FromPem(cluster.Gateways[i % cluster.Gateways.Count], client.Id, client.Secret,
                Path.Combine(certificates, client.Id + ".pem"), Path.Combine(certificates, client.Id + ".key.pem"), Path.Combine(certificates, "ca.pem")));
            try
            {
                await sdk.SubmitBatchAsync(csv, BatchFormat.Csv);
                return "accepted";
            }
            catch (DeAn06ApiException e)
            {
                return e.Code;
            }
        }));
    }

    /// <summary>16 senders for <paramref name="duration"/>, round robin over <paramref name="gateways"/>: admitted (below 500 but 429), refused (429), failed (5xx).</summary>
    private static async Task<(int Admitted, int Refused, TimeSpan Elapsed, int Failed)> FloodAsync(HttpClient http, IReadOnlyList<Uri> gateways, string token, TimeSpan duration)
    {
        int admitted = 0, refused = 0, failed = 0, next = 0;
        var watch = Stopwatch.StartNew();
        async Task SendAsync()
        {
            while (watch.Elapsed < duration)
            {
                Uri gateway = gateways[Interlocked.Increment(ref next) % gateways.Count];
                HttpStatusCode status = await GetJobAsync(http, gateway, token);
                if (status == HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref refused);
                }
                else if ((int)status >= 500)
                {
                    Interlocked.Increment(ref failed);
                }
                else
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(SendAsync)));
        return (admitted, refused, watch.Elapsed, failed);
    }

    private static async Task<HttpStatusCode> GetJobAsync(HttpClient http, Uri gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "api/v1/jobs/no-such-job"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage answer = await http.SendAsync(request);
        return answer.StatusCode;
    }

    private static async Task<string> TokenAsync(HttpClient http, Uri gateway, ClientInfo client)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = client.Id, ["client_secret"] = client.Secret,
        });
        using HttpResponseMessage answer = await http.PostAsync(new Uri(gateway, "connect/token"), form);
        answer.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>The request ids in one node's chain of the cluster's PostgreSQL message log.</summary>
    private static async Task<HashSet<string>> LoggedRequestIdsAsync(string connectionString, string node)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT request_id FROM message_log.entries WHERE node = @node", c);
        cmd.Parameters.AddWithValue("node", node);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            ids.Add(r.GetString(0));
        }

        return ids;
    }

    private static void AssertNoSecretOnACommandLine(ClusterStack cluster)
    {
        string[] secrets = [.. cluster.Info.Clients.Values.Select(c => c.Secret), cluster.Info.UpstreamSecret!, cluster.Redis!.Password];
        foreach ((string name, int pid) in cluster.Processes)
        {
            string commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            Assert.DoesNotContain(secrets, s => commandLine.Contains(s, StringComparison.Ordinal));
            Assert.DoesNotContain("Password=", commandLine, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"not within 60 s: {what}");
            await Task.Delay(50);
        }
    }

    private sealed record Call(long Started, string? Node, string? RequestId, bool Ok, string Outcome);

    /// <summary>Records every attempt: when it started, which gateway answered (HAProxy's X-DeAn06-Node), its request id, and whether it was a 2xx.</summary>
    private sealed class RecordingHandler(ConcurrentBag<Call> calls) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
                if (request.RequestUri!.AbsolutePath.EndsWith("/verify", StringComparison.Ordinal))
                {
                    calls.Add(new Call(started, response.Headers.TryGetValues("X-DeAn06-Node", out var node) ? node.First() : null,
                        response.Headers.TryGetValues("X-Request-Id", out var id) ? id.First() : null, response.IsSuccessStatusCode, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
                }

                return response;
            }
            catch (HttpRequestException ex)
            {
                calls.Add(new Call(started, null, null, false, ex.Message));
                throw;
            }
        }
    }
}
