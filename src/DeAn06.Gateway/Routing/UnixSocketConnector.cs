using System.Net;
using System.Net.Sockets;

namespace DeAn06.Gateway.Routing;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of a cluster with Unix-socket destinations: a
/// connection to an address that names a socket goes to that socket (no TCP stack on either end); any
/// other address is connected as SocketsHttpHandler does by default. A missing or refused socket throws,
/// as a refused TCP port does, so the caller gets the same 502 and passive health counts the failure.
/// </summary>
internal sealed class UnixSocketConnector(IReadOnlyDictionary<string, string> sockets)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancel)
    {
        DnsEndPoint target = context.DnsEndPoint;
        Socket socket = sockets.TryGetValue(UnixSocketDestinations.Authority(target.Host, target.Port), out string? path)
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            EndPoint endPoint = path is null ? target : new UnixDomainSocketEndPoint(path);
            await socket.ConnectAsync(endPoint, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
