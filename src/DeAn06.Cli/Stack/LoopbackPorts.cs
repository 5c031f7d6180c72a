using System.Net;
using System.Net.Sockets;

namespace DeAn06.Cli.Stack;

/// <summary>Free ports on 127.0.0.1, for stacks started beside others (tests, load runs).</summary>
internal static class LoopbackPorts
{
    public static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first of <paramref name="count"/> (a stack takes four) consecutive free ports, picked at random in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static int FreeBase(int from, int to, int count = 4)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int start = Random.Shared.Next(from, to);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports found between {from} and {to}.");
    }
}
