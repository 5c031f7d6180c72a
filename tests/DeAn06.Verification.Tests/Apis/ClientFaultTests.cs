using System.Text;
using DeAn06.Testing;
using DeAn06.Verification.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.Verification.Tests.Apis;

/// <summary>The client's faults that surface as exceptions (body framing, query binding): each its own 4xx problem, never a 500.</summary>
[Collection(StackCollection.Name)]
public sealed class ClientFaultTests(StackFixture stack) : ServiceTest(stack)
{
    private const string Record = """{"SoDinhDanh":"001085866844","HoVaTen":"Nguyễn Văn Hùng","NgayThangNamSinh":"22/11/1985","GioiTinh":"Nam"}""";
    private static readonly string[] Caller = ["X-DeAn06-Gateway-Secret: " + StackFixture.GatewaySecret, "X-DeAn06-Consumer: BHXH", "X-DeAn06-Province: 06"];

    [Theory]
    [InlineData("/api/v1/operations/jobs?limit=abc")]
    [InlineData("/api/v1/operations/samples?limit=1e9")]
    public async Task Query_ValueThatDoesNotBind_400InvalidParameter(string target)
    {
        var json = await StackFixture.ProblemAsync(await Client.GetAsync(target), 400, "INVALID_PARAMETER");
        Assert.Contains("limit", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BodyShorterThanContentLengthConnectionKeptOpen_408BodyTimeout()
    {
        await using WebApplicationFactory<Program> service = Stack.CreateService();
        Uri server = Start(service);
        RawHttp.Answer answer = await RawHttp.SendAsync(server, Short(), deadline: TimeSpan.FromSeconds(60));
        Assert.True(answer.Status == 408 && answer.Code == "BODY_TIMEOUT", answer.Head + "\n" + answer.Body);
    }

    [Fact]
    public async Task Verify_BodyShorterThanContentLengthThenHalfClose_400BodyIncompleteOrClosed()
    {
        await using WebApplicationFactory<Program> service = Stack.CreateService();
        Uri server = Start(service);
        RawHttp.Answer answer = await RawHttp.SendAsync(server, Short(), halfClose: true, deadline: TimeSpan.FromSeconds(4));
        Assert.True(answer.Status == 0 || (answer.Status == 400 && answer.Code == "BODY_INCOMPLETE"), answer.Head + "\n" + answer.Body);
    }

    [Fact]
    public async Task SubmitJob_MalformedChunks_400MalformedBody()
    {
        await using WebApplicationFactory<Program> service = Stack.CreateService();
        Uri server = Start(service);
        string request = "POST /api/v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n" + string.Join("\r\n", Caller) + "\r\n\r\nzz\r\n";
        RawHttp.Answer answer = await RawHttp.SendAsync(server, request);
        Assert.True(answer.Status == 400 && answer.Code == "MALFORMED_BODY", answer.Head + "\n" + answer.Body);
    }

    private static string Short() =>
        RawHttp.Request("POST", "/api/v1/verify", null, "application/json", Record, Caller)
            .Replace($"Content-Length: {Encoding.UTF8.GetByteCount(Record)}", $"Content-Length: {Encoding.UTF8.GetByteCount(Record) + 40}", StringComparison.Ordinal);

    private static Uri Start(WebApplicationFactory<Program> service)
    {
        service.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        service.StartServer();
        return new Uri(service.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
