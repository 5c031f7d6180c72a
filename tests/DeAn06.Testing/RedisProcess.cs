using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeAn06.Testing;

/// <summary>
/// A real Redis (Debian's <c>redis-server</c>, which build/install-cluster.sh installs) for tests: one
/// process on 127.0.0.1 and a free port, with a password in its configuration file (never on its
/// command line), nothing persisted; killed and its folder removed on dispose.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private RedisProcess(Process process, string folder, int port, string password) => (_process, _folder, Port, Password) = (process, folder, port, password);

    public int Port { get; }

    public string Password { get; }

    /// <summary>StackExchange.Redis's connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public static async Task<RedisProcess> StartAsync()
    {
        if (!File.Exists("/usr/bin/redis-server"))
        {
            throw new InvalidOperationException("redis-server was not found; build/install-cluster.sh installs it (apt-get install redis-server).");
        }

        string folder = Path.Combine(Path.GetTempPath(), "dean06-redis-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        int port = FreePort();
        string password = Guid.NewGuid().ToString("N");
        string config = Path.Combine(folder, "redis.conf");
        await File.WriteAllTextAsync(config, string.Join('\n', "bind 127.0.0.1", $"port {port}", $"dir {folder}", "save \"\"", "appendonly no", $"requirepass {password}", ""));
        var process = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", [config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new RedisProcess(process, folder, port, password);
        var watch = Stopwatch.StartNew();
        while (!redis.Ping())
        {
            if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                await redis.DisposeAsync();
                throw new InvalidOperationException("redis-server did not answer within 60 s.");
            }

            await Task.Delay(50);
        }

        return redis;
    }

    /// <summary>Kills the server (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private bool Ping()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using NetworkStream s = client.GetStream();
            s.ReadTimeout = 2000;
            s.Write(Encoding.ASCII.GetBytes($"AUTH {Password}\r\nPING\r\n"));
            byte[] buffer = new byte[64];
            var reply = new StringBuilder();
            while (!reply.ToString().Contains("PONG", StringComparison.Ordinal))
            {
                int n = s.Read(buffer);
                if (n == 0)
                {
                    return false;
                }

                reply.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
