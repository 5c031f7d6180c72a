using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DeAn06.Testing;

/// <summary>
/// A real PostgreSQL (Debian's <c>postgresql</c> package, which build/test.sh installs) for tests: a
/// fresh cluster in a temporary folder (initdb), on 127.0.0.1 and a free port, stopped and removed on
/// dispose. PostgreSQL refuses to run as root, so when the tests run as root the cluster belongs to the
/// unprivileged <c>postgres</c> user (the package's; created here if missing) and every PostgreSQL
/// program runs as that user through runuser. Every wait has a deadline; none is a fixed sleep.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string User = "postgres";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _dataDir;
    private readonly int _port;

    private PostgreSqlServer(string bin, string dataDir, int port) => (_bin, _dataDir, _port) = (bin, dataDir, port);

    public int Port => _port;

    /// <summary>The superuser's connection string for the <c>postgres</c> database (trust authentication, loopback only).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = User, Database = database, Pooling = false, Timeout = 30 }.ToString();

    /// <summary>initdb, configure and start a new cluster.</summary>
    public static async Task<PostgreSqlServer> StartAsync()
    {
        string bin = FindBinaries();
        // As root, in /tmp: a TMPDIR under /root would be out of the postgres user's reach.
        string dataDir = Path.Combine(IsRoot ? "/tmp" : Path.GetTempPath(), "dean06-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        if (IsRoot)
        {
            await EnsureUserAsync();
            await RunAsync("chown", [User + ":", dataDir], asUser: false);
        }

        var server = new PostgreSqlServer(bin, dataDir, FreePort());
        await server.RunPgAsync("initdb", ["-D", Path.Combine(dataDir, "data"), "-U", User, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        // Loopback only; the socket in our own folder (Debian's /var/run/postgresql may not exist);
        // fsync off: a test cluster need not survive a power cut, only a process kill or restart.
        string conf = string.Join('\n',
            $"port = {server._port}", "listen_addresses = '127.0.0.1'", $"unix_socket_directories = '{dataDir}'",
            "fsync = off", "full_page_writes = off", "max_connections = 200", "shared_buffers = 64MB", "");
        await File.AppendAllTextAsync(Path.Combine(dataDir, "data", "postgresql.conf"), conf);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string (pooled, as a service would use it).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        string name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var c = new NpgsqlConnection(ConnectionString()))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString(name)) { Pooling = true }.ToString();
    }

    /// <summary>Fast shutdown (clients disconnected, work rolled back), as an operator's restart does.</summary>
    public async Task StopAsync() => await RunPgAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async Task StartServerAsync() => await RunPgAsync("pg_ctl", ["-D", DataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60", "start"]);

    public string Log => File.Exists(Path.Combine(_dataDir, "server.log")) ? ReadShared(Path.Combine(_dataDir, "server.log")) : "";

    public async ValueTask DisposeAsync()
    {
        // By the postmaster's pid (from its pid file): ours alone, whatever else runs on the machine.
        string pidFile = Path.Combine(DataDir, "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid))
        {
            try
            {
                using Process postmaster = Process.GetProcessById(pid);
                await RunAsync("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)], asUser: false);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await postmaster.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    postmaster.Kill();
                }
            }
            catch (ArgumentException)
            {
                // Not running.
            }
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string DataDir => Path.Combine(_dataDir, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private Task<(int ExitCode, string Output)> RunPgAsync(string program, IReadOnlyList<string> args) => RunAsync(Path.Combine(_bin, program), args, asUser: IsRoot);

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        string? bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL was not found under /usr/lib/postgresql/<version>/bin; build/test.sh installs it (apt-get install postgresql).");
    }

    private static async Task EnsureUserAsync()
    {
        if ((await RunAsync("id", ["-u", User], asUser: false, check: false)).ExitCode != 0)
        {
            await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", User], asUser: false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> args, bool asUser, bool check = true)
    {
        var info = new ProcessStartInfo(asUser ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asUser)
        {
            foreach (string a in new[] { "-u", User, "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        // pg_ctl start leaves the server holding inherited stdout/stderr only if it writes there; -l sends it to a file.
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {Deadline}");
        }

        string output = await stdout + await stderr;
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        }

        return (process.ExitCode, output);
    }

    private static string ReadShared(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(f);
        return reader.ReadToEnd();
    }
}
