using System.Globalization;
using DeAn06.Cli.Stack;
using DeAn06.Cli.Tests.Support;
using DeAn06.Client;
using DeAn06.Contracts;
using DeAn06.PopulationDb.Population;
using DeAn06.PopulationDb.Population.Generation;

namespace DeAn06.Cli.Tests.Stack;

/// <summary>The one-machine stack's gateway reaches its upstreams over Unix sockets in the run folder, not loopback TCP.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // reads /proc and Unix file modes
public sealed class LocalStackSocketTests
{
    private const int Size = 1_000;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dean06-tests", "uds-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task StartAsync_GatewayCallsVerificationOverItsUnixSocketNotTcp()
    {
        await using LocalStack stack = await LocalStack.StartAsync(RepoLayout.Find(), _data, Size, StackFixture.FreePortBase(), _ => { }, CancellationToken.None, oneCommand: true);
        string socket = Path.Combine(_data, "run", "verification.sock");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data, "run", "population-db.sock")));

        CitizenStore population = PopulationGenerator.Generate(stack.Info.PopulationSeed, Size, stack.Info.ReferenceDate);
        Citizen citizen = Enumerable.Range(0, population.Count).Select(i => population[i]).First(c => !c.IsDeceased && !c.BirthYearOnly);
        using DeAn06Client client = stack.Info.Connect(stack.Info.Clients["BHXH"]);
        VerificationResponse answer = await client.VerifyAsync(new VerificationRecord(citizen.Id.ToString("D12", CultureInfo.InvariantCulture), null, citizen.FullName,
            citizen.BirthDate!.Value.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), citizen.IsMale ? "Nam" : "Nữ"));
        Assert.Equal(Verdicts.Match, answer.Result.Verdict);

        // The verification service holds a connection accepted on its socket (only the gateway's client
        // dials it), and the gateway no TCP connection to the service's port (kept alive after the call).
        int verification = stack.Processes.Single(p => p.Name == "verification").ProcessId;
        int gateway = stack.Processes.Single(p => p.Name == "gateway").ProcessId;
        Assert.True(AcceptedOn(verification, socket) > 0, "no connection accepted on " + socket);
        Assert.Equal(0, TcpConnectionsTo(gateway, stack.Info.Verification.Port));
    }

    /// <summary>Connected sockets of <paramref name="pid"/> bound to <paramref name="path"/> (accepted connections carry the listener's path).</summary>
    private static int AcceptedOn(int pid, string path)
    {
        HashSet<string> mine = SocketInodes(pid);
        // Num RefCount Protocol Flags Type St Inode Path; St 03 = connected.
        return File.ReadLines($"/proc/{pid}/net/unix").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length >= 8 && f[5] == "03" && mine.Contains(f[6]) && f[7] == path);
    }

    /// <summary>Established TCP connections (IPv4 or IPv6) of <paramref name="pid"/> to <paramref name="port"/>.</summary>
    private static int TcpConnectionsTo(int pid, int port)
    {
        HashSet<string> mine = SocketInodes(pid);
        string remote = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        // sl local rem st ... inode (field 9); st 01 = established.
        return new[] { "tcp", "tcp6" }.SelectMany(t => File.ReadLines($"/proc/{pid}/net/{t}").Skip(1))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length >= 10 && f[2].EndsWith(remote, StringComparison.Ordinal) && f[3] == "01" && mine.Contains(f[9]));
    }

    private static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        return inodes;
    }
}
