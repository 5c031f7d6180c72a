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

    /// <summary>Refuses to start a stack on a port already in use, naming it and the way out.</summary>
    public static void EnsureFree(IEnumerable<int> ports)
    {
        foreach (int port in ports.Where(p => !IsFree(p)))
        {
            throw new CliException($"Port {port} on 127.0.0.1 is in use (another 'dean06 up'?); stop it or pick other ports with --port-base.", ExitCodes.Unavailable);
        }
    }

    /// <summary>
    /// The first of <paramref name="count"/> (a stack takes four) consecutive free ports, picked at random in
    /// [<paramref name="from"/>, <paramref name="to"/>) but outside the kernel's ephemeral range: a port there
    /// that is free now can be taken a moment later as the local end of any outgoing connection (HttpClient,
    /// Npgsql, wrk), and the service that meant to listen on it fails with "address already in use". When the
    /// asked range lies wholly inside the ephemeral range, the ports below it are used instead.
    /// </summary>
    public static int FreeBase(int from, int to, int count = 4)
    {
        (int ephemeralLow, int ephemeralHigh) = EphemeralRange();
        bool Clear(int start) => start + count - 1 < ephemeralLow || start > ephemeralHigh;
        int candidates = Enumerable.Range(from, Math.Max(0, to - from)).Count(Clear);
        if (candidates < 100)
        {
            (from, to) = (10_000, Math.Max(10_001, ephemeralLow - count));
        }

        for (int attempt = 0; attempt < 500; attempt++)
        {
            int start = Random.Shared.Next(from, to);
            if (Clear(start) && Enumerable.Range(start, count).All(IsFree))
            {
                return start;
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free loopback ports found between {from} and {to} outside the ephemeral range {ephemeralLow}–{ephemeralHigh}.");
    }

    /// <summary>The kernel's range for the local ports of outgoing connections (Linux's default when unreadable).</summary>
    internal static (int Low, int High) EphemeralRange()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2
                && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out int low)
                && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int high))
            {
                return (low, high);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return (32_768, 60_999);
    }
}
