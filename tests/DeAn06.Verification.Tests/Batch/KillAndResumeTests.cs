using System.Text.Json;
using DeAn06.Testing;
using DeAn06.Verification.Tests.Support;

namespace DeAn06.Verification.Tests.Batch;

/// <summary>The real service process, killed mid-job and started again on the same database.</summary>
[Collection(StackCollection.Name)]
public sealed class KillAndResumeTests(StackFixture stack) : IAsyncLifetime
{
    public Task InitializeAsync() => stack.ClearFaultsAsync();

    public Task DisposeAsync() => stack.ClearFaultsAsync();

    [Fact]
    public async Task Job_ServiceKilledMidway_ResumesWithNoRecordLostOrCountedTwice()
    {
        string db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db");
        string[] args =
        [
            $"--Upstream:BaseAddress={stack.Simulator.BaseAddress}", $"--Callers:GatewaySecret={StackFixture.GatewaySecret}",
            $"--Storage:SqlitePath={db}", "--Batch:ChunkSize=500", "--Matching:SectorPolicies:BHXH=tolerant", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ];
        Dataset data = Dataset.Build(stack.Population, 15_000, seed: 21);
        await stack.SetFaultsAsync(new { LatencyMs = 60 });

        string location;
        long doneBeforeKill;
        await using (ServiceProcess first = await ServiceProcess.StartAsync("DeAn06.Verification", args))
        {
            using HttpClient client = Gateway(first);
            HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
            await StackFixture.JsonAsync(submitted, 202);
            location = submitted.Headers.Location!.ToString();
            doneBeforeKill = await WaitForProgressAsync(client, location, atLeast: 2_000);
        } // disposing kills the process: no graceful shutdown

        Assert.InRange(doneBeforeKill, 2_000, 12_000);
        await stack.ClearFaultsAsync();
        await using ServiceProcess second = await ServiceProcess.StartAsync("DeAn06.Verification", args);
        using HttpClient again = Gateway(second);
        JsonElement done = await JobPolling.UntilCompletedAsync(again, location, TimeSpan.FromMinutes(2));

        var expected = data.Expected();
        long rejected = expected.GetValueOrDefault(DeAn06.Contracts.Verdicts.Rejected);
        expected.Remove(DeAn06.Contracts.Verdicts.Rejected);
        Assert.Equal(expected.OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
        Assert.Equal(rejected, done.GetProperty("rejected").GetInt64());
        string[] results = (await again.GetStringAsync(location + "/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(data.Lines.Count, results.Length);
        Assert.Equal(data.Lines.Select(l => l.Verdict), results.Select(r => JsonDocument.Parse(r).RootElement.GetProperty("verdict").GetString()));
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
        var watch = System.Diagnostics.Stopwatch.StartNew();
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
}
