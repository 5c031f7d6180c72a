using Microsoft.Extensions.Time.Testing;
using System.Text;
using DeAn06.Gateway.MessageLog;
using DeAn06.Gateway.Quotas;
using DeAn06.Gateway.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.Quotas;

[Collection(GatewayCollection.Name)]
public sealed class BatchQuotaTests(GatewayFixture fixture)
{
    private const string Csv = "SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n";

    [Fact]
    public async Task SubmitJob_TenInParallelWithQuotaTwo_ExactlyTwoAccepted()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("Consumers:Clients:BHXH:BatchQuota", "2"));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        using var start = new SemaphoreSlim(0);
        Task<HttpResponseMessage>[] submissions = [.. Enumerable.Range(0, 10).Select(async _ =>
        {
            await start.WaitAsync();
            return await client.PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        })];
        start.Release(10);
        HttpResponseMessage[] answers = await Task.WhenAll(submissions);

        Assert.Equal(2, answers.Count(a => (int)a.StatusCode == 202));
        foreach (HttpResponseMessage refused in answers.Where(a => (int)a.StatusCode != 202))
        {
            await GatewayFixture.ProblemAsync(refused, 429, "QUOTA_EXCEEDED");
        }
    }

    [Fact]
    public async Task SubmitJob_UpstreamRefusesTheFile_ReservationGivenBack()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("Consumers:Clients:BHXH:BatchQuota", "1"));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        HttpResponseMessage refused = await client.PostAsync("/api/v1/jobs", new StringContent("KhongPhaiTieuDe\n1\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(400, (int)refused.StatusCode);

        Assert.Equal(202, (int)(await client.PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"))).StatusCode);
        await GatewayFixture.ProblemAsync(await client.PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv")), 429, "QUOTA_EXCEEDED");
    }

    [Fact]
    public async Task SubmitJob_UploadCutShort_ReservationGivenBack()
    {
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("Consumers:Clients:BHXH:BatchQuota", "1"));
        Uri server = KestrelGateway.Start(gateway);
        using var tokens = new HttpClient { BaseAddress = server };
        string token = await GatewayFixture.TokenAsync(tokens, "BHXH");

        string cut = RawHttp.Request("POST", "/api/v1/jobs", token, "text/csv", Csv + Csv).Replace($"Content-Length: {Encoding.UTF8.GetByteCount(Csv + Csv)}", "Content-Length: 100000", StringComparison.Ordinal);
        RawHttp.Answer answer = await RawHttp.SendAsync(server, cut, halfClose: true);
        Assert.True(answer.Status != 202, answer.Head + "\n" + answer.Body);

        // The cut request may still be running after its connection closed (Kestrel takes the FIN for a
        // disconnect at once): its job comes back when it ends. Until then a submission gets 429.
        RawHttp.Answer whole;
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            whole = await RawHttp.SendAsync(server, RawHttp.Request("POST", "/api/v1/jobs", token, "text/csv", Csv));
        }
        while (whole.Status == 429 && deadline.Elapsed < TimeSpan.FromSeconds(30) && await Pause());

        Assert.True(whole.Status == 202, answer.Head + "\n" + answer.Body + "\n---\n" + whole.Head + "\n" + whole.Body);
        Assert.Equal(1, await gateway.Services.GetRequiredService<BatchQuota>().UsedAsync("BHXH"));
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50));
        return true;
    }

    [Fact]
    public async Task TryReserve_GivenBackOrKept_CountsOnlyKeptJobsAndRenewsAtVietnamMidnight()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 16, 59, 0, TimeSpan.Zero)); // 23:59 in Vietnam
        var store = new InProcessBatchQuotaStore(Options.Create(new MessageLogOptions { SqlitePath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.db") }));
        var quota = new BatchQuota(store, clock);

        await using (await quota.TryReserveAsync("BHXH", 1))
        {
            Assert.Null(await quota.TryReserveAsync("BHXH", 1)); // held while the upload runs
            Assert.NotNull(await quota.TryReserveAsync("THUE", 1)); // per consumer
        }

        QuotaReservation kept = (await quota.TryReserveAsync("BHXH", 1))!; // given back above
        kept.Keep();
        await kept.DisposeAsync();
        Assert.Equal(1, await quota.UsedAsync("BHXH"));
        Assert.Null(await quota.TryReserveAsync("BHXH", 1));

        QuotaReservation? overMidnight = await quota.TryReserveAsync("THUE", 2); // still uploading at midnight
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromDays(1), quota.UntilRenewal());
        Assert.NotNull(await quota.TryReserveAsync("BHXH", 1));
        Assert.NotNull(await quota.TryReserveAsync("THUE", 1));
        await overMidnight!.DisposeAsync(); // gives back to the day it was taken from, not to today
        Assert.Null(await quota.TryReserveAsync("THUE", 1));
    }
}
