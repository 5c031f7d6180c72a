using System.Diagnostics;
using System.Text;
using DeAn06.Verification.Batch;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeAn06.Verification.Tests.Batch;

/// <summary>
/// Nghị định 13/2023: a job's submitted records (full ID, name, birth date) are erased after the
/// retention, and at once when its owner deletes the job; its results and the statistics stay.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class PersonalDataTests(StackFixture stack)
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db");

    [Fact]
    public void BatchOptions_Defaults_SevenDaysCheckedEveryTenMinutes()
    {
        var o = new BatchOptions();
        Assert.Equal(TimeSpan.FromDays(7), o.PersonalDataRetention);
        Assert.Equal(TimeSpan.FromMinutes(10), o.PersonalDataPurgeInterval);
    }

    [Fact]
    public void Start_NegativeRetention_RefusedNamingTheSetting()
    {
        using var service = stack.CreateService(("Batch:PersonalDataRetention", "-1.00:00:00"));
        Exception ex = Assert.ThrowsAny<Exception>(() => service.CreateClient());
        Assert.Contains("PersonalDataRetention", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_FinishedJobPastRetention_NoFullIdLeftResultsUnchanged()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using WebApplicationFactory<Program> factory = stack.CreateService(("Storage:SqlitePath", _db));
        await using WebApplicationFactory<Program> service = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        using HttpClient client = StackFixture.GatewayClient(service);
        Dataset data = Dataset.Build(stack.Population, 600, seed: 31);
        var (location, number) = await SubmitAndCompleteAsync(client, data);
        string results = await client.GetStringAsync(location + "/results");
        string summary = await client.GetStringAsync(location + "/summary?format=text");
        string counts = JobPolling.Counts(await StackFixture.JsonAsync(await client.GetAsync(location))).OrderBy(c => c.Key).Aggregate("", (a, c) => a + c);
        Assert.True(await CountAsync("job_records", number) > 0); // kept while the retention runs
        Assert.True(FullIdsInTheFiles(data) > 0); // what the byte check below would find

        // A minute before the retention ends: nothing erased.
        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await service.Services.GetRequiredService<PersonalDataPurge>().PurgeAsync(CancellationToken.None));
        Assert.True(await CountAsync("job_records", number) > 0);

        // Past it, the periodic purge erases them by itself.
        time.Advance(TimeSpan.FromMinutes(12));
        await UntilAsync(async () => await CountAsync("job_records", number) == 0, "the submitted records were not erased after the retention");

        AssertNoFullIdInTheFiles(data);
        Assert.Equal(results, await client.GetStringAsync(location + "/results"));
        Assert.Equal(summary, await client.GetStringAsync(location + "/summary?format=text"));
        Assert.Equal(counts, JobPolling.Counts(await StackFixture.JsonAsync(await client.GetAsync(location))).OrderBy(c => c.Key).Aggregate("", (a, c) => a + c));
    }

    [Fact]
    public async Task Submit_UnreadableDateAndGender_ReasonsActionableWithoutTheValues()
    {
        // Rejected lines' reasons are kept with the results, which outlive the personal-data
        // retention: they must not quote what was sent.
        const string badDate = "31.13.1987x";
        const string badGender = "Qzgender7";
        await using WebApplicationFactory<Program> service = stack.CreateService(("Storage:SqlitePath", _db));
        using HttpClient client = StackFixture.GatewayClient(service);
        string csv = Dataset.Build(stack.Population, 50, seed: 36, withRejected: false).Csv
            + $"BAD-1,001090000001,Nguyen Van A,{badDate},Nam\n"
            + $"BAD-2,001090000002,Nguyen Van B,01/01/1990,{badGender}\n";
        HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(csv));
        await StackFixture.JsonAsync(submitted, 202);
        string location = submitted.Headers.Location!.ToString();
        await JobPolling.UntilCompletedAsync(client, location, TimeSpan.FromMinutes(2));

        string[] reasons = [.. (await client.GetStringAsync(location + "/errors")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => System.Text.Json.JsonDocument.Parse(e).RootElement.GetProperty("reason").GetString()!)];
        Assert.Equal(2, reasons.Length);
        Assert.Contains(reasons, r => r.Contains("NgayThangNamSinh", StringComparison.Ordinal) && r.Contains("dd/MM/yyyy", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("GioiTinh", StringComparison.Ordinal) && r.Contains("Nam/Nữ", StringComparison.Ordinal));
        byte[] files = [.. new[] { _db, _db + "-wal" }.Where(File.Exists).SelectMany(ReadShared)];
        Assert.True(files.AsSpan().IndexOf("is not a date"u8) >= 0); // the stored reasons are in the files the check reads
        Assert.All(new[] { badDate, badGender }, value =>
        {
            Assert.DoesNotContain(reasons, r => r.Contains(value, StringComparison.Ordinal));
            Assert.True(files.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"'{value}' is stored");
        });
    }

    [Fact]
    public async Task Delete_ByOwner_ErasedAtOnceThenNotFound()
    {
        await using WebApplicationFactory<Program> service = stack.CreateService(("Storage:SqlitePath", _db));
        using HttpClient client = StackFixture.GatewayClient(service);
        Dataset data = Dataset.Build(stack.Population, 400, seed: 32);
        var (location, number) = await SubmitAndCompleteAsync(client, data);

        HttpResponseMessage deleted = await client.DeleteAsync(location);
        Assert.Equal(204, (int)deleted.StatusCode);

        Assert.Equal(0, await CountAsync("job_records", number));
        Assert.Equal(0, await CountAsync("job_results", number));
        AssertNoFullIdInTheFiles(data);
        await StackFixture.ProblemAsync(await client.GetAsync(location), 404, "JOB_NOT_FOUND");
        await StackFixture.ProblemAsync(await client.GetAsync(location + "/results"), 404, "JOB_NOT_FOUND");
        await StackFixture.ProblemAsync(await client.DeleteAsync(location), 404, "JOB_NOT_FOUND");
    }

    [Fact]
    public async Task Delete_AnotherSectorsJob_NotFoundAndKept()
    {
        await using WebApplicationFactory<Program> service = stack.CreateService(("Storage:SqlitePath", _db));
        using HttpClient owner = StackFixture.GatewayClient(service);
        using HttpClient other = StackFixture.GatewayClient(service, sector: "THUE");
        var (location, number) = await SubmitAndCompleteAsync(owner, Dataset.Build(stack.Population, 200, seed: 33));

        await StackFixture.ProblemAsync(await other.DeleteAsync(location), 404, "JOB_NOT_FOUND");

        Assert.True(await CountAsync("job_records", number) > 0);
        await StackFixture.JsonAsync(await owner.GetAsync(location));
    }

    [Fact]
    public async Task Delete_WhileRunning_WorkerStopsAndKeepsNothingOfIt()
    {
        await using WebApplicationFactory<Program> service = stack.CreateService(("Storage:SqlitePath", _db));
        using HttpClient client = StackFixture.GatewayClient(service);
        HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(Dataset.Build(stack.Population, 6000, seed: 34, withRejected: false).Csv));
        string location = submitted.Headers.Location!.ToString();
        long number = await NumberAsync(location);
        await UntilAsync(async () => await CountAsync("job_results", number) > 0, "the job did not start");

        Assert.Equal(204, (int)(await client.DeleteAsync(location)).StatusCode);

        // The worker takes jobs in turn: once the next one completes, it has left the deleted one.
        HttpResponseMessage next = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(Dataset.Build(stack.Population, 100, seed: 35).Csv));
        await JobPolling.UntilCompletedAsync(client, next.Headers.Location!.ToString(), TimeSpan.FromMinutes(2));
        Assert.Equal(0, await CountAsync("job_results", number));
        Assert.Equal(0, await CountAsync("job_records", number));
    }

    private async Task<(string Location, long Number)> SubmitAndCompleteAsync(HttpClient client, Dataset data)
    {
        HttpResponseMessage submitted = await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        await StackFixture.JsonAsync(submitted, 202);
        string location = submitted.Headers.Location!.ToString();
        await JobPolling.UntilCompletedAsync(client, location, TimeSpan.FromMinutes(2));
        return (location, await NumberAsync(location));
    }

    private async Task<long> NumberAsync(string location)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT number FROM jobs WHERE public_id = $id";
        cmd.Parameters.AddWithValue("$id", location.Split('/')[^1]);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<long> CountAsync(string table, long job)
    {
        await using SqliteConnection c = Open();
        await using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM {table} WHERE job = $job";
        cmd.Parameters.AddWithValue("$job", job);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    /// <summary>Not in any table, nor in the bytes of the database and its write-ahead log (free pages, old frames).</summary>
    private void AssertNoFullIdInTheFiles(Dataset data) => Assert.Equal(0, FullIdsInTheFiles(data));

    private int FullIdsInTheFiles(Dataset data)
    {
        byte[] files = [.. new[] { _db, _db + "-wal" }.Where(File.Exists).SelectMany(ReadShared)];
        string[] ids = [.. data.Lines.Select(l => l.Csv.Split(',')[1]).Where(id => id.Length == 12 && id.All(char.IsAsciiDigit)).Distinct()];
        Assert.NotEmpty(ids);
        return ids.Count(id => files.AsSpan().IndexOf(Encoding.ASCII.GetBytes(id)) >= 0);
    }

    private static byte[] ReadShared(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        f.CopyTo(copy);
        return copy.ToArray();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), failure);
            await Task.Delay(50);
        }
    }
}
