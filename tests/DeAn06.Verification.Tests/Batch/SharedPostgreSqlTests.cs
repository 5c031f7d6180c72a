using System.Diagnostics;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Testing;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace DeAn06.Verification.Tests.Batch;

/// <summary>
/// Real verification service processes on one real PostgreSQL, with the population-DB simulator as
/// upstream: a service killed mid-batch, and PostgreSQL restarted mid-batch.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SharedPostgreSqlTests(StackFixture stack, PostgreSqlFixture postgres) : IAsyncLifetime
{
    public Task InitializeAsync() => stack.ClearFaultsAsync();

    public Task DisposeAsync() => stack.ClearFaultsAsync();

    [Fact]
    public async Task Job_OneOfTwoServicesKilledMidBatch_CompletesOnTheOtherEachRecordOnce()
    {
        string db = await postgres.CreateDatabaseAsync();
        Dataset data = Dataset.Build(stack.Population, 100_000, seed: 61);
        await stack.SetFaultsAsync(new { LatencyMs = 20 });
        await using ServiceProcess doomed = await StartAsync(db);
        await using ServiceProcess survivor = await StartAsync(db);
        using HttpClient viaDoomed = Gateway(doomed);
        using HttpClient viaSurvivor = Gateway(survivor);

        HttpResponseMessage submitted = await viaDoomed.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        await StackFixture.JsonAsync(submitted, 202);
        string location = submitted.Headers.Location!.ToString();
        long before = await WaitForProgressAsync(viaSurvivor, location, atLeast: 10_000);
        int doomedPid = doomed.ProcessId;
        await doomed.DisposeAsync(); // SIGKILL: no graceful shutdown, its leases simply stop being renewed

        long[] orphaned = await ChunksAsync(db, location, $"done_at IS NULL AND owner LIKE '%/{doomedPid}/%'");
        Assert.True(before < data.Lines.Count - 20_000, $"the job was nearly done ({before}) before the kill");
        Assert.NotEmpty(orphaned); // the killed service held chunks when it died
        JsonElement done = await JobPolling.UntilCompletedAsync(viaSurvivor, location, TimeSpan.FromMinutes(3));

        await AssertEachRecordOnceAsync(db, viaSurvivor, location, data, done);
        long[] takenOver = await ChunksAsync(db, location, $"done_at IS NOT NULL AND owner NOT LIKE '%/{doomedPid}/%'");
        Assert.Subset(takenOver.ToHashSet(), orphaned.ToHashSet());
    }

    [Fact]
    public async Task Job_PostgreSqlRestartedMidBatch_PausesAndResumesNothingLostOrDoubled()
    {
        string db = await postgres.CreateDatabaseAsync();
        PostgreSqlServer server = await postgres.ServerAsync();
        Dataset data = Dataset.Build(stack.Population, 30_000, seed: 62);
        await stack.SetFaultsAsync(new { LatencyMs = 20 });
        await using ServiceProcess service = await StartAsync(db);
        using HttpClient client = Gateway(service);

        HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        await StackFixture.JsonAsync(submitted, 202);
        string location = submitted.Headers.Location!.ToString();
        long before = await WaitForProgressAsync(client, location, atLeast: 3_000);
        Assert.True(before < data.Lines.Count - 10_000, $"the job was nearly done ({before}) before the restart");

        await server.StopAsync();
        try
        {
            // The service notices (a commit or a claim fails and is retried) while the database is down.
            // (JobWorker's events 2004, a claim failed, and 2009, a commit is retried).
            await UntilAsync(() => service.Output.Contains("JobWorker[2004]", StringComparison.Ordinal) || service.Output.Contains("JobWorker[2009]", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the service never noticed PostgreSQL was down:\n" + service.Output);
            Assert.False(service.HasExited, service.Output);
        }
        finally
        {
            await server.StartServerAsync();
        }

        JsonElement done = await JobPolling.UntilCompletedAsync(client, location, TimeSpan.FromMinutes(3));
        await AssertEachRecordOnceAsync(db, client, location, data, done);
    }

    [Fact]
    public async Task Csv_OnPostgreSql_SameResultsAndStatisticsAsOnSqliteThenErasedOnDelete()
    {
        string db = await postgres.CreateDatabaseAsync();
        Dataset data = Dataset.Build(stack.Population, 3000, seed: 63);
        await using WebApplicationFactory<Program> onSqlite = stack.CreateService(("Matching:SectorPolicies:BHXH", "tolerant"));
        await using WebApplicationFactory<Program> onPostgres = stack.CreateService(
            ("Matching:SectorPolicies:BHXH", "tolerant"), ("Storage:Provider", "PostgreSQL"), ("ConnectionStrings:Verification", db));
        using HttpClient sqlite = StackFixture.GatewayClient(onSqlite);
        using HttpClient pg = StackFixture.GatewayClient(onPostgres);

        var (sqliteResults, sqliteCounts) = await RunAsync(sqlite, data);
        var (pgResults, pgCounts) = await RunAsync(pg, data);

        Assert.Equal(sqliteCounts, pgCounts);
        Assert.Equal(sqliteResults.Lines, pgResults.Lines);
        string location = pgResults.Location;
        Assert.Equal(204, (int)(await pg.DeleteAsync(location)).StatusCode);
        await StackFixture.ProblemAsync(await pg.GetAsync(location), 404, "JOB_NOT_FOUND");
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var left = new NpgsqlCommand("SELECT (SELECT count(*) FROM job_records) + (SELECT count(*) FROM job_results)", c);
        Assert.Equal(0L, await left.ExecuteScalarAsync());
    }

    private static async Task<((string Lines, string Location) Results, string Counts)> RunAsync(HttpClient client, Dataset data)
    {
        HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        await StackFixture.JsonAsync(submitted, 202);
        string location = submitted.Headers.Location!.ToString();
        JsonElement done = await JobPolling.UntilCompletedAsync(client, location, TimeSpan.FromMinutes(2));
        string counts = string.Join(",", JobPolling.Counts(done).OrderBy(k => k.Key)) + $";rejected={done.GetProperty("rejected")};total={done.GetProperty("total")}";
        return ((await client.GetStringAsync(location + "/results?format=csv"), location), counts);
    }

    private Task<ServiceProcess> StartAsync(string connectionString) =>
        ServiceProcess.StartAsync("DeAn06.Verification",
        [
            $"--Upstream:BaseAddress={stack.Simulator.BaseAddress}", $"--Callers:GatewaySecret={StackFixture.GatewaySecret}",
            "--Storage:Provider=PostgreSQL", "--Batch:ChunkSize=2000", "--Batch:LeaseDuration=00:00:02", "--Batch:PollInterval=00:00:00.200",
            "--Matching:SectorPolicies:BHXH=tolerant", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ], environment: new Dictionary<string, string> { ["ConnectionStrings__Verification"] = connectionString });

    /// <summary>Every line has exactly one result, with its expected verdict; statistics equal the record count.</summary>
    private static async Task AssertEachRecordOnceAsync(string db, HttpClient client, string location, Dataset data, JsonElement done)
    {
        var expected = data.Expected();
        long rejected = expected.GetValueOrDefault(Verdicts.Rejected);
        expected.Remove(Verdicts.Rejected);
        Assert.Equal(expected.OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
        Assert.Equal(rejected, done.GetProperty("rejected").GetInt64());
        Assert.Equal(data.Lines.Count - rejected, done.GetProperty("done").GetInt64());

        string[] results = (await client.GetStringAsync(location + "/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(data.Lines.Select(l => l.Verdict), results.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("verdict").GetString()));

        string job = location.Split('/')[^1];
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var rows = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT line) FROM job_results WHERE job = (SELECT number FROM jobs WHERE public_id = @id)", c);
        rows.Parameters.AddWithValue("id", job);
        await using (NpgsqlDataReader r = await rows.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            Assert.Equal((data.Lines.Count, data.Lines.Count), (r.GetInt64(0), r.GetInt64(1)));
        }

        await using var counted = new NpgsqlCommand("SELECT sum(count) FROM stat_counts WHERE source = @id", c);
        counted.Parameters.AddWithValue("id", job);
        Assert.Equal(data.Lines.Count - rejected, (long)(decimal)(await counted.ExecuteScalarAsync())!);
    }

    private static async Task<long[]> ChunksAsync(string db, string location, string where)
    {
        await using var c = new NpgsqlConnection(db);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"SELECT first_line FROM job_chunks WHERE job = (SELECT number FROM jobs WHERE public_id = @id) AND {where} ORDER BY first_line", c);
        cmd.Parameters.AddWithValue("id", location.Split('/')[^1]);
        var lines = new List<long>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            lines.Add(r.GetInt64(0));
        }

        return [.. lines];
    }

    private static HttpClient Gateway(ServiceProcess service)
    {
        HttpClient client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-DeAn06-Gateway-Secret", StackFixture.GatewaySecret);
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        client.DefaultRequestHeaders.Add("X-DeAn06-Province", "06");
        return client;
    }

    private static async Task<long> WaitForProgressAsync(HttpClient client, string location, long atLeast)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            JsonElement status = await StackFixture.JsonAsync(await client.GetAsync(location));
            long done = status.GetProperty("done").GetInt64();
            if (done >= atLeast)
            {
                return done;
            }

            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1), $"no progress: {status}");
            await Task.Delay(50);
        }
    }

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(watch.Elapsed < timeout, failure);
            await Task.Delay(50);
        }
    }
}
