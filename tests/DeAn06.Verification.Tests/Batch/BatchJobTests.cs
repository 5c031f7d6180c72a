using System.Text;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DeAn06.Verification.Tests.Batch;

[Collection(StackCollection.Name)]
public sealed class BatchJobTests(StackFixture stack) : ServiceTest(stack)
{
    [Fact]
    public async Task ResultsCsv_ReferenceStartsWithAFormula_NeutralisedCell()
    {
        var ndjson = new StringBuilder();
        foreach (string reference in new[] { "=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(A1)" })
        {
            ndjson.AppendLine(JsonSerializer.Serialize(new { MaHoSo = reference, SoDinhDanh = "001085866844", HoVaTen = "Nguyễn Văn Hùng", NgayThangNamSinh = "22/11/1985", GioiTinh = "Nam" },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson"));
        string location = submitted.Headers.Location!.ToString();
        await StackFixture.JsonAsync(submitted, 202);
        await JobPolling.UntilCompletedAsync(Client, location, TimeSpan.FromMinutes(2));

        string csv = await Client.GetStringAsync(location + "/results?format=csv");
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'+cmd|' /C calc'!A0\"", csv, StringComparison.Ordinal);
        Assert.Contains(",\"'@SUM(A1)\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_Submitted_CompletesWithExactCountsResultsInOrderAndErrorReport()
    {
        Dataset data = Dataset.Build(Stack.Population, 3000, seed: 11);
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        JsonElement accepted = await StackFixture.JsonAsync(submitted, 202);
        string location = submitted.Headers.Location!.ToString();
        Assert.Equal($"/api/v1/jobs/{accepted.GetProperty("jobId").GetString()}", location);

        JsonElement done = await JobPolling.UntilCompletedAsync(Client, location, TimeSpan.FromMinutes(2));
        var expected = data.Expected();
        long rejected = expected.GetValueOrDefault(Verdicts.Rejected);
        expected.Remove(Verdicts.Rejected);
        Assert.Equal(expected.OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
        Assert.Equal(rejected, done.GetProperty("rejected").GetInt64());
        Assert.Equal(data.Lines.Count - rejected, done.GetProperty("total").GetInt64());

        string[] results = (await Client.GetStringAsync(location + "/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(data.Lines.Count, results.Length);
        for (int i = 0; i < results.Length; i++)
        {
            using JsonDocument r = JsonDocument.Parse(results[i]);
            Assert.Equal(i + 2, r.RootElement.GetProperty("line").GetInt64()); // line 1 is the header
            Assert.Equal(data.Lines[i].Verdict, r.RootElement.GetProperty("verdict").GetString());
        }

        string[] errors = (await Client.GetStringAsync(location + "/errors")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(rejected, errors.Length);
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(e).RootElement.GetProperty("reason").GetString())));

        string csv = await Client.GetStringAsync(location + "/results?format=csv");
        Assert.Equal(data.Lines.Count + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("line,verdict,maskedId,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_Submitted_SameVerdictsAsCsv()
    {
        Dataset data = Dataset.Build(Stack.Population, 400, seed: 12, withRejected: false);
        var ndjson = new StringBuilder();
        foreach (var (csv, _) in data.Lines)
        {
            string[] f = csv.Split(',');
            ndjson.AppendLine(JsonSerializer.Serialize(new { MaHoSo = f[0], SoDinhDanh = f[1], HoVaTen = f[2], NgayThangNamSinh = f[3], GioiTinh = f[4] },
                new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }

        ndjson.AppendLine("""{"SoDinhDanh":"001085866844","Ten":"x"}""");
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", new StringContent(ndjson.ToString(), Encoding.UTF8, "application/x-ndjson"));
        await StackFixture.JsonAsync(submitted, 202);
        JsonElement done = await JobPolling.UntilCompletedAsync(Client, submitted.Headers.Location!.ToString(), TimeSpan.FromMinutes(1));
        Assert.Equal(data.Expected().OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
        Assert.Equal(1, done.GetProperty("rejected").GetInt64());
        string errors = await Client.GetStringAsync(submitted.Headers.Location + "/errors");
        Assert.Contains("Unknown member", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowUpload_LongerThanWorkerPoll_AcceptedWhole()
    {
        Dataset data = Dataset.Build(Stack.Population, 300, seed: 19, withRejected: false);
        var content = new TrickleContent(data.Csv, TimeSpan.FromSeconds(3));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", content);
        JsonElement accepted = await StackFixture.JsonAsync(submitted, 202);
        Assert.Equal(300, accepted.GetProperty("total").GetInt64());
        JsonElement done = await JobPolling.UntilCompletedAsync(Client, submitted.Headers.Location!.ToString(), TimeSpan.FromMinutes(1));
        Assert.Equal(data.Expected().OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
    }

    /// <summary>Sends a body in ten pieces spread over a duration, like a slow link.</summary>
    private sealed class TrickleContent(string text, TimeSpan over) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int piece = (bytes.Length / 10) + 1;
            for (int i = 0; i < bytes.Length; i += piece)
            {
                await stream.WriteAsync(bytes.AsMemory(i, Math.Min(piece, bytes.Length - i)));
                await stream.FlushAsync();
                await Task.Delay(over / 10);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task IdempotencyKey_RetriedSubmit_SameJob()
    {
        Dataset data = Dataset.Build(Stack.Population, 50, seed: 13);
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = Dataset.CsvContent(data.Csv), Headers = { { "Idempotency-Key", "bhxh-2024-07" } } };
        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs") { Content = Dataset.CsvContent(data.Csv), Headers = { { "Idempotency-Key", "bhxh-2024-07" } } };
        JsonElement a = await StackFixture.JsonAsync(await Client.SendAsync(first), 202);
        JsonElement b = await StackFixture.JsonAsync(await Client.SendAsync(second), 200);
        Assert.Equal(a.GetProperty("jobId").GetString(), b.GetProperty("jobId").GetString());
    }

    [Fact]
    public async Task Job_OtherSector_NotFound()
    {
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(Dataset.Build(Stack.Population, 10, seed: 14).Csv));
        using HttpClient thue = StackFixture.GatewayClient(Service, "THUE");
        await StackFixture.ProblemAsync(await thue.GetAsync(submitted.Headers.Location), 404, "JOB_NOT_FOUND");
    }

    [Fact]
    public async Task MaintenanceWindowMidBatch_JobWaitsAndCompletesWithExactCounts()
    {
        Dataset data = Dataset.Build(Stack.Population, 6000, seed: 15, withRejected: false);
        await Stack.SetFaultsAsync(new { LatencyMs = 20 });
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        string location = submitted.Headers.Location!.ToString();
        // The window opens once the job is checking (not after a fixed sleep, which a busy machine outruns or overshoots).
        var started = System.Diagnostics.Stopwatch.StartNew();
        while ((await StackFixture.JsonAsync(await Client.GetAsync(location))).GetProperty("done").GetInt64() == 0)
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "the job did not start checking within 60 s");
            await Task.Delay(20);
        }

        await Stack.SetFaultsAsync(new { MaintenanceForSeconds = 2, MaintenanceRetryAfterSeconds = 1 });
        JsonElement during = await StackFixture.JsonAsync(await Client.GetAsync(location));
        JsonElement done = await JobPolling.UntilCompletedAsync(Client, location, TimeSpan.FromMinutes(2));

        Assert.True(during.GetProperty("done").GetInt64() < data.Lines.Count, "the window should fall inside the job");
        Assert.Equal(data.Expected().OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
        Assert.DoesNotContain(Verdicts.UpstreamUnavailable, JobPolling.Counts(done).Keys);
    }

    [Fact]
    public async Task Summary_AndStatistics_InTheReportsFormat()
    {
        Dataset data = Dataset.Build(Stack.Population, 1200, seed: 16, withRejected: false);
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        string location = submitted.Headers.Location!.ToString();
        await JobPolling.UntilCompletedAsync(Client, location, TimeSpan.FromMinutes(1));
        var expected = data.Expected();
        long matched = expected.GetValueOrDefault(Verdicts.Match);

        string summary = await Client.GetStringAsync(location + "/summary?format=text");
        string count = matched.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '.');
        Assert.StartsWith($"BHXH Bắc Kạn: {count}/1.200 (", summary, StringComparison.Ordinal);
        Assert.Contains($"{expected[Verdicts.MissingId]} chưa có số định danh cá nhân", summary, StringComparison.Ordinal);
        Assert.Contains("thông tin cá nhân sai lệch", summary, StringComparison.Ordinal);

        string jobId = location.Split('/')[^1];
        JsonElement stats = await StackFixture.JsonAsync(await Client.GetAsync($"/api/v1/statistics?jobId={jobId}"));
        Assert.Equal(1200, stats[0].GetProperty("total").GetInt64());
        Assert.Equal(matched, stats[0].GetProperty("matched").GetInt64());
        string csv = await Client.GetStringAsync($"/api/v1/statistics?jobId={jobId}&format=csv");
        Assert.StartsWith("sector,province,day,total,matched,rate,", csv, StringComparison.Ordinal);
        string markdown = await Client.GetStringAsync($"/api/v1/statistics?sector=BHXH&format=markdown");
        Assert.Contains("| Ngành | Tỉnh |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SoDinhDanh,HoTen,NgaySinh\n001085866844,A,1990\n", 400, "MALFORMED_HEADER")]
    [InlineData("HoVaTen,NgayThangNamSinh\nA,1990\n", 400, "MALFORMED_HEADER")]
    [InlineData("", 400, "EMPTY_FILE")]
    [InlineData("SoDinhDanh,HoVaTen\n", 400, "EMPTY_FILE")]
    public async Task Submit_BadFile_ProblemJsonAndNoJob(string csv, int status, string code)
    {
        await StackFixture.ProblemAsync(await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(csv)), status, code);
    }

    [Fact]
    public async Task Submit_UnknownFormat_415()
    {
        await StackFixture.ProblemAsync(await Client.PostAsync("/api/v1/jobs", new StringContent("<x/>", Encoding.UTF8, "application/xml")), 415, "UNKNOWN_FORMAT");
    }

    [Fact]
    public async Task Submit_LargerThanLimit_413()
    {
        await using WebApplicationFactory<Program> small = Stack.CreateService(("Batch:MaxUploadBytes", "4096"));
        using HttpClient client = StackFixture.GatewayClient(small);
        string csv = Dataset.Build(Stack.Population, 400, seed: 17).Csv;
        await StackFixture.ProblemAsync(await client.PostAsync("/api/v1/jobs", Dataset.CsvContent(csv)), 413, "BODY_TOO_LARGE");
    }

    [Fact]
    public async Task Status_WithWait_HeldUntilTheJobCompletes()
    {
        Dataset data = Dataset.Build(Stack.Population, 3000, seed: 19, withRejected: false);
        // Each bulk look-up takes a second, so the job is surely still running when it is first asked about.
        await Stack.SetFaultsAsync(new { LatencyMs = 1000 });
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        string location = submitted.Headers.Location!.ToString();
        await StackFixture.JsonAsync(submitted, 202);

        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var held = System.Diagnostics.Stopwatch.StartNew();
            JsonElement status = await StackFixture.JsonAsync(await Client.GetAsync(location + "?wait=30"));
            if (status.GetProperty("status").GetString() == "Completed")
            {
                Assert.Equal(data.Expected().OrderBy(k => k.Key), JobPolling.Counts(status).OrderBy(k => k.Key));
                break;
            }

            // Not finished: then the answer was held the whole wait, not given at once as a plain status read is.
            Assert.True(held.Elapsed > TimeSpan.FromSeconds(29), $"answered {status.GetProperty("status").GetString()} after {held.Elapsed.TotalSeconds:F1} s of a 30-s wait");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), "the job did not complete within 3 minutes");
        }
    }

    [Fact]
    public async Task Status_WithWait_JobDeletedMeanwhile_404()
    {
        await Stack.SetFaultsAsync(new { LatencyMs = 1000 });
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(Dataset.Build(Stack.Population, 3000, seed: 21, withRejected: false).Csv));
        string location = submitted.Headers.Location!.ToString();
        await StackFixture.JsonAsync(submitted, 202);

        Task<HttpResponseMessage> waiting = Client.GetAsync(location + "?wait=30");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Client.DeleteAsync(location)).StatusCode);

        await StackFixture.ProblemAsync(await waiting, 404, "JOB_NOT_FOUND");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("31")]
    [InlineData("-1")]
    public async Task Status_BadWait_400(string wait)
    {
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(Dataset.Build(Stack.Population, 10, seed: 20).Csv));
        await StackFixture.ProblemAsync(await Client.GetAsync($"{submitted.Headers.Location}?wait={wait}"), 400, "INVALID_QUERY");
    }

    [Fact]
    public async Task Results_BeforeCompletion_409_UnknownJob_404()
    {
        await StackFixture.ProblemAsync(await Client.GetAsync("/api/v1/jobs/job-nope/results"), 404, "JOB_NOT_FOUND");
        await Stack.SetFaultsAsync(new { LatencyMs = 200 });
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(Dataset.Build(Stack.Population, 2000, seed: 18).Csv));
        await StackFixture.ProblemAsync(await Client.GetAsync(submitted.Headers.Location + "/results"), 409, "JOB_NOT_FINISHED");
    }
}
