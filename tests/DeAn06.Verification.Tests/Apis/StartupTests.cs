using System.Text;
using DeAn06.Verification.Tests.Support;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Tests.Apis;

[Collection(StackCollection.Name)]
public sealed class StartupTests(StackFixture stack)
{
    [Fact]
    public void InvalidSettings_RefusesToStartNamingEverySetting()
    {
        using var service = stack.CreateService(
            ("Matching:SectorPolicies:BHXH", "lenient"), ("Matching:Policies:loose:WeakestName", "Different"),
            ("Callers:GatewaySecret", "short"), ("Upstream:BulkSize", "5000"), ("Batch:ChunkSize", "1"));
        Exception ex = Assert.ThrowsAny<Exception>(() => service.CreateClient());
        string all = ex is AggregateException agg ? string.Join("\n", agg.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains("Matching:SectorPolicies:BHXH names 'lenient'", all, StringComparison.Ordinal);
        Assert.Contains("Matching:Policies:loose:WeakestName", all, StringComparison.Ordinal);
        Assert.Contains("GatewaySecret", all, StringComparison.Ordinal);
        Assert.Contains("BulkSize", all, StringComparison.Ordinal);
        Assert.Contains("ChunkSize", all, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSqlProvider_NoConnectionString_RefusesToStartNamingIt()
    {
        using var service = stack.CreateService(("Storage:Provider", "PostgreSQL"));
        Exception ex = Assert.ThrowsAny<Exception>(() => service.CreateClient());
        string all = ex is AggregateException agg ? string.Join("\n", agg.InnerExceptions.Select(e => e.Message)) : ex.Message;
        Assert.Contains("ConnectionStrings:Verification is empty", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackTrust_CallerNotOnLoopback_Refused()
    {
        // In-process requests have no remote address: under Loopback trust they are not trusted.
        await using var service = stack.CreateService(("Callers:Trust", "Loopback"));
        using HttpClient client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        HttpResponseMessage response = await client.PostAsync("/api/v1/verify", new StringContent("""{"HoVaTen":"A"}""", Encoding.UTF8, "application/json"));
        await StackFixture.ProblemAsync(response, 401, "CALLER_NOT_TRUSTED");
    }

    [Fact]
    public async Task LoopbackTrust_RealProcessCalledOnLoopback_AcceptedWithoutSecret()
    {
        string db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "v.db");
        await using var service = await DeAn06.Testing.ServiceProcess.StartAsync("DeAn06.Verification",
            [$"--Upstream:BaseAddress={stack.Simulator.BaseAddress}", "--Callers:Trust=Loopback", $"--Storage:SqlitePath={db}"]);
        using HttpClient client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-DeAn06-Consumer", "BHXH");
        HttpResponseMessage response = await client.PostAsync("/api/v1/verify",
            new StringContent("""{"HoVaTen":"Nguyễn Văn A","NgayThangNamSinh":"1990"}""", Encoding.UTF8, "application/json"));
        var json = await StackFixture.JsonAsync(response);
        Assert.Equal("MISSING_ID", json.GetProperty("result").GetProperty("verdict").GetString());
    }
}
