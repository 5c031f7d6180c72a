using System.Net.Sockets;
using DeAn06.Testing;

namespace DeAn06.PopulationDb.Tests.Faults;

/// <summary>
/// <c>--UnixSocket</c> (ServiceDefaults, shared with the verification service): the simulator listens on
/// the socket as well as on TCP, private to its user; a crashed run's socket is replaced, anything else
/// in its place stops the start untouched.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // Unix sockets and file modes
public sealed class UnixSocketStartupTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));

    public UnixSocketStartupTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public async Task UnixSocket_StaleSocketLeft_ReplacedAndListeningBesideTcpOwnerOnly()
    {
        string path = Path.Combine(_dir, "population-db.sock");
        using (var crashed = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            crashed.Bind(new UnixDomainSocketEndPoint(path)); // bound and closed: the file stays, nobody listens
        }

        await using ServiceProcess service = await ServiceProcess.StartAsync("DeAn06.PopulationDb", ["--Population:Size=1000", $"--UnixSocket={path}"]);
        using var overSocket = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, (await overSocket.GetAsync("http://population-db/health/ready")).StatusCode);
        using HttpClient overTcp = service.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await overTcp.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task UnixSocket_AnotherProcessListens_RefusesToStartSocketKept()
    {
        string path = Path.Combine(_dir, "population-db.sock");
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(path));
        live.Listen();

        await using ServiceProcess service = ServiceProcess.Launch("DeAn06.PopulationDb", ["--urls", "http://127.0.0.1:0", "--Population:Size=1000", $"--UnixSocket={path}"]);
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the process should exit by itself");
        Assert.NotEqual(0, service.ExitCode);
        Assert.Contains("another process listens on " + path, service.Output, StringComparison.Ordinal);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path)); // still the other process's
    }

    [Fact]
    public async Task UnixSocket_FileInItsPlace_RefusesToStartFileKept()
    {
        string path = Path.Combine(_dir, "population-db.sock");
        await File.WriteAllTextAsync(path, "not a socket");

        await using ServiceProcess service = ServiceProcess.Launch("DeAn06.PopulationDb", ["--urls", "http://127.0.0.1:0", "--Population:Size=1000", $"--UnixSocket={path}"]);
        Assert.True(await service.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the process should exit by itself");
        Assert.NotEqual(0, service.ExitCode);
        Assert.Contains("exists and is not a socket", service.Output, StringComparison.Ordinal);
        Assert.Equal("not a socket", await File.ReadAllTextAsync(path));
    }
}
