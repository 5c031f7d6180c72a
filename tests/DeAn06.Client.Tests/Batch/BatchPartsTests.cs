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
}
