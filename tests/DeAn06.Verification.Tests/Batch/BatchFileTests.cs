using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DeAn06.Contracts;
using DeAn06.Verification.Tests.Support;

namespace DeAn06.Verification.Tests.Batch;

/// <summary>Files as sector offices really send them: other encodings, Excel's semicolons, missing columns, unreadable lines.</summary>
[Collection(StackCollection.Name)]
public sealed class BatchFileTests(StackFixture stack) : ServiceTest(stack)
{
    [Fact]
    public async Task Submit_Windows1258Csv_InvalidEncodingNamingTheLine_NothingCounted()
    {
        // "Nguyễn" as Windows-1258 writes it: N g u y 0xEA 0xDE n (base letter, then a combining tilde byte), not UTF-8.
        byte[] garbled = [.. "MaHoSo,SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\nA1,001085866844,Tran Van An,22/11/1985,Nam\nA2,001085866845,Nguy"u8, 0xEA, 0xDE,
            .. "n Van Binh,01/02/1990,Nam\n"u8];
        var content = new ByteArrayContent(garbled);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        string statsBefore = await Client.GetStringAsync("/api/v1/statistics?format=csv");

        JsonElement problem = await StackFixture.ProblemAsync(await Client.PostAsync("/api/v1/jobs", content), 400, "INVALID_ENCODING");

        Assert.Contains("Line 3 is not UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(statsBefore, await Client.GetStringAsync("/api/v1/statistics?format=csv"));
    }

    [Fact]
    public async Task Submit_SemicolonSeparatedCsv_ReadAsExcelWritesIt()
    {
        Dataset data = Dataset.Build(Stack.Population, 60, seed: 31, withRejected: false);
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv.Replace(',', ';')));
        await StackFixture.JsonAsync(submitted, 202);
        JsonElement done = await JobPolling.UntilCompletedAsync(Client, submitted.Headers.Location!.ToString(), TimeSpan.FromMinutes(1));
        Assert.Equal(data.Expected().OrderBy(k => k.Key), JobPolling.Counts(done).OrderBy(k => k.Key));
    }

    [Fact]
    public async Task Submit_SemicolonHeaderWithUnknownColumn_ErrorNamesTheColumnAndTheExpectedHeader()
    {
        JsonElement problem = await StackFixture.ProblemAsync(
            await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent("MaHoSo;SoDinhDanh;HoTen\nA;001085866844;An\n")), 400, "MALFORMED_HEADER");
        string detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("unknown column(s) 'HoTen'", detail, StringComparison.Ordinal);
        Assert.Contains(DeAn06.Contracts.Batch.BatchFileFormat.CsvHeader, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_NoBirthDateColumn_JobAndSummaryNameTheFieldNotCompared()
    {
        Dataset data = Dataset.Build(Stack.Population, 40, seed: 32, withRejected: false);
        var csv = new StringBuilder("MaHoSo,SoDinhDanh,HoVaTen,GioiTinh\n");
        foreach (var (line, _) in data.Lines)
        {
            string[] f = line.Split(',');
            csv.Append(f[0]).Append(',').Append(f[1]).Append(',').Append(f[2]).Append(',').Append(f[4]).Append('\n');
        }

        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(csv.ToString()));
        JsonElement accepted = await StackFixture.JsonAsync(submitted, 202);
        Assert.Equal(["NgayThangNamSinh"], accepted.GetProperty("notCompared").EnumerateArray().Select(e => e.GetString()));
        string location = submitted.Headers.Location!.ToString();
        JsonElement done = await JobPolling.UntilCompletedAsync(Client, location, TimeSpan.FromMinutes(1));
        Assert.Equal(["NgayThangNamSinh"], done.GetProperty("notCompared").EnumerateArray().Select(e => e.GetString()));

        string summary = await Client.GetStringAsync(location + "/summary?format=text");
        Assert.Contains("; không đối chiếu NgayThangNamSinh (tệp không có dữ liệu này)", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RejectedLines_CheckedAcceptedAndRejectedApart()
    {
        Dataset data = Dataset.Build(Stack.Population, 9, seed: 33, withRejected: false);
        string csv = data.Csv + "X1,001085866844,,01/01/1990,Nam\nX2,001085866844,An,32/13/1990,Nam\n";
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(csv));
        await StackFixture.JsonAsync(submitted, 202);
        JsonElement done = await JobPolling.UntilCompletedAsync(Client, submitted.Headers.Location!.ToString(), TimeSpan.FromMinutes(1));

        Assert.Equal((9L, 9L, 2L, 11L, 9L),
            (done.GetProperty("accepted").GetInt64(), done.GetProperty("checked").GetInt64(), done.GetProperty("rejected").GetInt64(),
             done.GetProperty("lines").GetInt64(), done.GetProperty("done").GetInt64()));
        Assert.Empty(done.GetProperty("notCompared").EnumerateArray());
    }

    [Fact]
    public async Task Statistics_NothingChecked_TextAndMarkdownSaySo()
    {
        string text = await Client.GetStringAsync("/api/v1/statistics?sector=NOSUCH&format=text");
        string markdown = await Client.GetStringAsync("/api/v1/statistics?sector=NOSUCH&format=markdown");
        Assert.StartsWith("Chưa có số liệu xác thực", text, StringComparison.Ordinal);
        Assert.Contains("Chưa có số liệu xác thực", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_Markdown_PolicyInWordsAndNamesAsTheReportsWriteThem()
    {
        Dataset data = Dataset.Build(Stack.Population, 20, seed: 34, withRejected: false);
        HttpResponseMessage submitted = await Client.PostAsync("/api/v1/jobs", Dataset.CsvContent(data.Csv));
        await JobPolling.UntilCompletedAsync(Client, submitted.Headers.Location!.ToString(), TimeSpan.FromMinutes(1));
        string markdown = await Client.GetStringAsync("/api/v1/statistics?sector=BHXH&province=06&groupBy=day&format=markdown");
        Assert.Contains("đối khớp linh hoạt", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("chính sách đối khớp: tolerant", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| BHXH \| Bắc Kạn \| \d{2}/\d{2}/\d{4} \|", markdown);
        Assert.Matches(@"- BHXH Bắc Kạn ngày \d{2}/\d{2}/\d{4}: ", markdown);
    }
}
