using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace DeAn06.Cli.Stack;

/// <summary>
/// The cluster's Redis (Debian's <c>redis-server</c>; build.sh installs it), holding the consumers'
/// rate-limit buckets for every gateway: one process on 127.0.0.1, its configuration file and working
/// folder in the data folder (mode 0700). The password is in that file (<c>requirepass</c>), never on
/// a command line; the gateways get it in their connection string, through their environment. Nothing
/// is persisted: the buckets refill within a second, a restart only forgets them.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class RedisServer
{
    private RedisServer(Process process, int port, string password) => (Process, Port, Password) = (process, port, password);

    public Process Process { get; }

    public int Port { get; }

    public string Password { get; }

    /// <summary>StackExchange.Redis's connection string (for the gateways' environment: it holds the password).</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password},abortConnect=false,connectTimeout=5000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<RedisServer> StartAsync(string folder, int port, string password, CancellationToken ct)
    {
        string program = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server"
            : throw new CliException("redis-server is not installed; run bash build/install-cluster.sh (apt-get install redis-server).", ExitCodes.Unavailable);
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string config = Path.Combine(folder, "redis.conf");
        string text = string.Join('\n',
            "bind 127.0.0.1", "protected-mode yes", $"port {port}", $"dir {folder}", "daemonize no", "save \"\"", "appendonly no",
            $"requirepass {password}", "maxmemory 256mb", "maxmemory-policy volatile-ttl", "");
        // Created 0600 before the password is written.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using (var file = new FileStream(config, options))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        }

        string log = Path.Combine(folder, "redis.log");
        Process process = ServiceLauncher.Start(log, program, [config], folder);
        var redis = new RedisServer(process, port, password);
        await ServiceLauncher.WaitAsync("redis", process, log, () => Task.FromResult(redis.Ping()), ct);
        return redis;
    }

    /// <summary>AUTH and PING over RESP: true when the server answers PONG.</summary>
    public bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            client.ReceiveTimeout = 2000;
            using NetworkStream s = client.GetStream();
            byte[] command = Encoding.UTF8.GetBytes($"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(Password)}\r\n{Password}\r\n*1\r\n$4\r\nPING\r\n");
            s.Write(command);
            var reply = new StringBuilder();
            byte[] buffer = new byte[256];
            while (!reply.ToString().Contains("PONG", StringComparison.Ordinal) && !reply.ToString().Contains("-ERR", StringComparison.Ordinal))
            {
                int n = s.Read(buffer);
                if (n == 0)
                {
                    break;
                }

                reply.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }

            return reply.ToString().Contains("PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }
}
