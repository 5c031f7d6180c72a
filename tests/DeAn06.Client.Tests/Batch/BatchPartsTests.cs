using System.Text;
using DeAn06.Client.Tests.Support;

namespace DeAn06.Client.Tests.Batch;

public sealed class BatchPartsTests
{
    [Fact]
    public async Task SubmitBatchInPartsAsync_CsvOfFiveRecords_ThreeSignedPartsEachWithTheHeader()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, n) => StubGateway.Json(StubGateway.JobAnswer.Replace("j-1", $"j-{n + 1}", StringComparison.Ordinal), System.Net.HttpStatusCode.Accepted);
        const string header = "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh";
        string file = "\uFEFF" + header + "\r\n" + string.Concat(Enumerable.Range(1, 5).Select(i => $"A-{i},00108586684{i},Lê Thị Hoa,1990,Nữ\r\n"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(file));

        var jobs = await scope.Client.SubmitBatchInPartsAsync(stream, BatchFormat.Csv, "run-7", linesPerPart: 2);

        Assert.Equal(["j-1", "j-2", "j-3"], jobs.Select(j => j.JobId));
        Assert.Equal(["run-7-1", "run-7-2", "run-7-3"], scope.Gateway.Api.Select(r => r.IdempotencyKey));
        string[] parts = [.. scope.Gateway.Api.Select(r => Encoding.UTF8.GetString(r.Body))];
        Assert.Equal($"{header}\nA-1,001085866841,Lê Thị Hoa,1990,Nữ\nA-2,001085866842,Lê Thị Hoa,1990,Nữ\n", parts[0]);
        Assert.Equal($"{header}\nA-5,001085866845,Lê Thị Hoa,1990,Nữ\n", parts[2]);
        Assert.All(scope.Gateway.Api, r => Assert.NotNull(r.Signature));
    }

    [Fact]
    public async Task SubmitBatchInPartsAsync_NdjsonWithBlankLines_BlankLinesSkipped()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.JobAnswer, System.Net.HttpStatusCode.Accepted);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"MaHoSo\":\"1\"}\n\n{\"MaHoSo\":\"2\"}\n"));

        await scope.Client.SubmitBatchInPartsAsync(stream, BatchFormat.Ndjson, "run-8");

        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal("{\"MaHoSo\":\"1\"}\n{\"MaHoSo\":\"2\"}\n", Encoding.UTF8.GetString(sent.Body));
        Assert.Equal("application/x-ndjson", sent.ContentType);
    }

    [Fact]
    public async Task SubmitBatchInPartsAsync_LargeFile_EachPartSentBeforeTheRestIsRead()
    {
        using var scope = new ClientScope();
        var file = new StringBuilder("MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n");
        for (int i = 0; i < 20_000; i++)
        {
            file.Append(System.Globalization.CultureInfo.InvariantCulture, $"A-{i:D6},001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(file.ToString());
        using var stream = new MemoryStream(bytes);
        var readWhenSent = new List<long>();
        scope.Gateway.Respond = (_, _) =>
        {
            readWhenSent.Add(stream.Position);
            return StubGateway.Json(StubGateway.JobAnswer, System.Net.HttpStatusCode.Accepted);
        };

        var jobs = await scope.Client.SubmitBatchInPartsAsync(stream, BatchFormat.Csv, "run-9", linesPerPart: 2_000);

        Assert.Equal(10, jobs.Count);
        // About 110 KB a part: when the first is sent, the reader is one buffer (64 KiB) past it at most.
        Assert.InRange(readWhenSent[0], 1, bytes.Length / 5);
        Assert.Equal(readWhenSent.Order(), readWhenSent);
        string[] parts = [.. scope.Gateway.Api.Select(r => Encoding.UTF8.GetString(r.Body))];
        Assert.Equal(file.ToString(), parts[0] + string.Concat(parts.Skip(1).Select(p => p[(p.IndexOf('\n', StringComparison.Ordinal) + 1)..])));
    }

    [Fact]
    public async Task SubmitBatchPartsAsync_TwoInFlight_SecondPartSentBeforeTheFirstIsAnswered_JobsInFileOrder()
    {
        using var scope = new ClientScope();
        var secondArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool secondBeforeFirstAnswered = false;
        scope.Gateway.RespondAsync = async (sent, n) =>
        {
            if (n == 0)
            {
                // Hold the first part's answer until the second part arrives (or give up after a minute).
                secondBeforeFirstAnswered = await Task.WhenAny(secondArrived.Task, Task.Delay(TimeSpan.FromSeconds(60))) == secondArrived.Task;
            }
            else
            {
                secondArrived.TrySetResult();
            }

            string id = sent.IdempotencyKey!.Replace("run-10-", "j-", StringComparison.Ordinal);
            return StubGateway.Json(StubGateway.JobAnswer.Replace("j-1", id, StringComparison.Ordinal), System.Net.HttpStatusCode.Accepted);
        };
        const string header = "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh";
        string file = header + "\n" + string.Concat(Enumerable.Range(1, 5).Select(i => $"A-{i},00108586684{i},Lê Thị Hoa,1990,Nữ\n"));
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(file));

        var jobs = new List<string>();
        await foreach (var job in scope.Client.SubmitBatchPartsAsync(stream, BatchFormat.Csv, "run-10", linesPerPart: 2, partsInFlight: 2))
        {
            jobs.Add(job.JobId);
        }

        Assert.True(secondBeforeFirstAnswered, "the second part was sent only after the first was answered");
        Assert.Equal(["j-1", "j-2", "j-3"], jobs);
        Assert.All(scope.Gateway.Api, r => Assert.NotNull(r.Signature));
    }

    [Fact]
    public async Task WaitForJobAsync_LongPollsTheJobStatus()
    {
        using var scope = new ClientScope();
        scope.Gateway.Respond = (_, _) => StubGateway.Json(StubGateway.JobAnswer.Replace("Queued", "Completed", StringComparison.Ordinal));

        var job = await scope.Client.WaitForJobAsync("j-1", TimeSpan.FromSeconds(5));

        Assert.Equal("Completed", job.Status);
        StubGateway.Sent sent = Assert.Single(scope.Gateway.Api);
        Assert.Equal("/api/v1/jobs/j-1", sent.Path);
        Assert.Equal("?wait=5", sent.Query);
    }
}
