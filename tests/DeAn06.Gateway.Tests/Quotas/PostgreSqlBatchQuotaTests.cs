using System.Text;
using DeAn06.Gateway.Quotas;
using DeAn06.Gateway.Quotas.PostgreSql;
using DeAn06.Gateway.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.Quotas;

/// <summary>The batch quota in a real PostgreSQL, shared by several gateways (a cluster's): one count per consumer and day, whichever gateway is asked.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PostgreSqlBatchQuotaTests(GatewayFixture fixture, PostgreSqlFixture postgres) : IClassFixture<PostgreSqlFixture>
{
    private const string Csv = "SoDinhDanh,HoVaTen,NgayThangNamSinh,GioiTinh\n001085866844,Nguyễn Văn Hùng,22/11/1985,Nam\n";
    private static readonly DateOnly Day = new(2026, 12, 2);

    [Fact]
    public async Task SubmitJob_TenInParallelOverTwoGatewaysWithQuotaTwo_ExactlyTwoAccepted()
    {
        string db = await postgres.CreateDatabaseAsync();
        (string, string)[] settings = [("Consumers:Clients:BHXH:BatchQuota", "2"), ("BatchQuota:Store", "PostgreSQL"), ("ConnectionStrings:BatchQuota", db)];
        await using WebApplicationFactory<Program> a = fixture.CreateGateway(null, settings);
        await using WebApplicationFactory<Program> b = fixture.CreateGateway(null, settings);
        using HttpClient toA = await GatewayFixture.ClientForAsync(a, "BHXH");
        using HttpClient toB = await GatewayFixture.ClientForAsync(b, "BHXH");
        using var start = new SemaphoreSlim(0);
        Task<HttpResponseMessage>[] submissions = [.. Enumerable.Range(0, 10).Select(async i =>
        {
            await start.WaitAsync();
            return await (i % 2 == 0 ? toA : toB).PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        })];
        start.Release(10);
        HttpResponseMessage[] answers = await Task.WhenAll(submissions);

        Assert.Equal(2, answers.Count(r => (int)r.StatusCode == 202));
        foreach (HttpResponseMessage refused in answers.Where(r => (int)r.StatusCode != 202))
        {
            await GatewayFixture.ProblemAsync(refused, 429, "QUOTA_EXCEEDED");
        }

        Assert.Equal(2, await b.Services.GetRequiredService<BatchQuota>().UsedAsync("BHXH"));
    }

    [Fact]
    public async Task TryTake_TwoStoresInParallel_ExactlyTheLimitThenGivenBackOnce()
    {
        string db = await postgres.CreateDatabaseAsync();
        IOptions<BatchQuotaOptions> options = Options.Create(new BatchQuotaOptions { Store = BatchQuotaStoreKind.PostgreSql, ConnectionString = db });
        await using var first = new PostgreSqlBatchQuotaStore(options);
        await using var second = new PostgreSqlBatchQuotaStore(options);

        bool[] taken = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () => await (i % 2 == 0 ? first : second).TryTakeAsync("BHXH", Day, 2, CancellationToken.None))));
        Assert.Equal(2, taken.Count(t => t));
        Assert.True(await first.TryTakeAsync("THUE", Day, 2, CancellationToken.None)); // per consumer
        Assert.True(await first.TryTakeAsync("BHXH", Day.AddDays(1), 2, CancellationToken.None)); // per day
        Assert.False(await first.TryTakeAsync("YTE", Day, 0, CancellationToken.None)); // a quota of none

        await second.GiveBackAsync("BHXH", Day, CancellationToken.None);
        Assert.Equal(1, await first.UsedAsync("BHXH", Day, CancellationToken.None));
        Assert.True(await second.TryTakeAsync("BHXH", Day, 2, CancellationToken.None));
        Assert.False(await first.TryTakeAsync("BHXH", Day, 2, CancellationToken.None));
        Assert.Equal(0, await first.UsedAsync("YTE", Day, CancellationToken.None));
    }

    [Fact]
    public async Task SubmitJob_QuotaDatabaseUnreachable_503NeverUncounted()
    {
        // A port nothing listens on: the quota cannot be counted, so the job is not forwarded.
        string nowhere = $"Host=127.0.0.1;Port={UnusedPort()};Database=none;Username=none;Timeout=2;Pooling=false";
        await using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("BatchQuota:Store", "PostgreSQL"), ("ConnectionStrings:BatchQuota", nowhere));
        using HttpClient client = await GatewayFixture.ClientForAsync(gateway, "BHXH");
        HttpResponseMessage refused = await client.PostAsync("/api/v1/jobs", new StringContent(Csv, Encoding.UTF8, "text/csv"));
        await GatewayFixture.ProblemAsync(refused, 503, "UPSTREAM_UNAVAILABLE");
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public void Start_PostgreSqlWithoutConnectionString_NamesTheKey()
    {
        using WebApplicationFactory<Program> gateway = fixture.CreateGateway(null, ("BatchQuota:Store", "PostgreSQL"));
        var ex = Assert.ThrowsAny<OptionsValidationException>(() => gateway.CreateClient());
        Assert.Contains("BatchQuota:Store is PostgreSQL but ConnectionStrings:BatchQuota is empty", ex.Message, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
