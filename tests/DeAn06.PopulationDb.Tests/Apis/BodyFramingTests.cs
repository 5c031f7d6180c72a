using System.Diagnostics;
using System.Text;
using DeAn06.PopulationDb.Tests.Support;
using DeAn06.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DeAn06.PopulationDb.Tests.Apis;

/// <summary>A body that does not match its framing: a 4xx problem with its own code, never a 500 (real Kestrel, bare socket).</summary>
public sealed class BodyFramingTests : IAsyncLifetime, IDisposable
{
    private const string Body = """{"SoDinhDanh":"001085866844"}""";
    private readonly SimulatorFactory _simulator = new();
    private Uri _server = null!;

    public Task InitializeAsync()
    {
        _simulator.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        _simulator.StartServer();
        _ = _simulator.Store;
        _server = new Uri(_simulator.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public void Dispose() => _simulator.Dispose();

    [Fact]
    public async Task Lookup_BodyShorterThanContentLengthThenHalfClose_400BodyIncompleteAtOnceOrClosed()
    {
        var watch = Stopwatch.StartNew();
        RawHttp.Answer answer = await RawHttp.SendAsync(_server, Short(), halfClose: true);
        Assert.True(answer.Status == 0 || (answer.Status == 400 && answer.Code == "BODY_INCOMPLETE"), answer.Head + "\n" + answer.Body);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Lookup_BodyShorterThanContentLengthConnectionKeptOpen_408BodyTimeout()
    {
        RawHttp.Answer answer = await RawHttp.SendAsync(_server, Short(), deadline: TimeSpan.FromSeconds(60));
        Assert.True(answer.Status == 408 && answer.Code == "BODY_TIMEOUT", answer.Head + "\n" + answer.Body);
    }

    [Fact]
    public async Task Lookup_MalformedChunks_400MalformedBody()
    {
        string request = "POST /api/v1/TraCuuThongTinCongDan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        RawHttp.Answer answer = await RawHttp.SendAsync(_server, request);
        Assert.True(answer.Status == 400 && answer.Code == "MALFORMED_BODY", answer.Head + "\n" + answer.Body);
    }

    private static string Short() =>
        RawHttp.Request("POST", "/api/v1/TraCuuThongTinCongDan", null, "application/json", Body)
            .Replace($"Content-Length: {Encoding.UTF8.GetByteCount(Body)}", $"Content-Length: {Encoding.UTF8.GetByteCount(Body) + 40}", StringComparison.Ordinal);
}
