using System.Diagnostics;
using System.Globalization;

namespace DeAn06.Cli.Stack;

/// <summary>
/// The cluster's PostgreSQL (Debian's <c>postgresql</c> package; build.sh installs it): a cluster made
/// by initdb in the data folder on its first start and reused after, on 127.0.0.1 and the given port,
/// with password (SCRAM) authentication for its one user, <c>dean06</c>. PostgreSQL refuses to run as
/// root, so when dean06 runs as root the cluster's folder belongs to the unprivileged <c>postgres</c>
/// user (the package's; created if missing) and every PostgreSQL program runs as that user through
/// runuser, as in tests/DeAn06.Testing/PostgreSqlServer.cs. The password reaches initdb in a file
/// and the clients through their environment, never a command line.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class PostgreSqlProcess
{
    public const string Database = "dean06";
    private const string OsUser = "postgres";
    private readonly string _bin;
    private readonly string _folder;

    private PostgreSqlProcess(string bin, string folder, int port, string password) => (_bin, _folder, Port, Password) = (bin, folder, port, password);

    public int Port { get; }

    public string Password { get; }

    /// <summary>The services' connection string (for their environment: it holds the password).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database={Database};Username={Database};Password={Password};Maximum Pool Size=40";

    private string DataDir => Path.Combine(_folder, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>Starts the cluster in <paramref name="folder"/> (initdb on the first start), and creates the database.</summary>
    public static async Task<PostgreSqlProcess> StartAsync(string folder, int port, string password, CancellationToken ct)
    {
        var pg = new PostgreSqlProcess(FindBinaries(), folder, port, password);
        bool fresh = !File.Exists(Path.Combine(pg.DataDir, "PG_VERSION"));
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (IsRoot)
        {
            await EnsureUserAsync(ct);
            await RunAsync("chown", ["-R", OsUser + ":", folder], asUser: false, ct: ct);
            if ((await RunAsync("test", ["-w", folder], asUser: true, check: false, ct: ct)).ExitCode != 0)
            {
                throw new CliException($"PostgreSQL must run as the unprivileged '{OsUser}' user, who cannot reach {folder}; choose a data folder all users can traverse (e.g. under /tmp or /srv) with --data.",
                    ExitCodes.Unavailable);
            }
        }

        if (fresh)
        {
            string pwfile = Path.Combine(folder, "initdb.pw");
            await File.WriteAllTextAsync(pwfile, password, ct);
            File.SetUnixFileMode(pwfile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (IsRoot)
            {
                await RunAsync("chown", [OsUser + ":", pwfile], asUser: false, ct: ct);
            }

            try
            {
                await pg.RunPgAsync("initdb", ["-D", pg.DataDir, "-U", Database, "-A", "scram-sha-256", "--pwfile", pwfile, "-E", "UTF8", "--locale=C"], ct);
            }
            finally
            {
                File.Delete(pwfile);
            }
        }

        // Rewritten on every start: the port may change between starts. Loopback only; the socket in our folder.
        string conf = string.Join('\n', $"port = {port}", "listen_addresses = '127.0.0.1'", $"unix_socket_directories = '{folder}'",
            "max_connections = 200", "shared_buffers = 128MB", "");
        await File.WriteAllTextAsync(Path.Combine(pg.DataDir, "dean06.conf"), conf, ct);
        string main = Path.Combine(pg.DataDir, "postgresql.conf");
        if (!(await File.ReadAllTextAsync(main, ct)).Contains("include_if_exists = 'dean06.conf'", StringComparison.Ordinal))
        {
            await File.AppendAllTextAsync(main, "\ninclude_if_exists = 'dean06.conf'\n", ct);
        }

        await pg.RunPgAsync("pg_ctl", ["-D", pg.DataDir, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "90", "start"], ct);
        if (fresh)
        {
            await pg.RunPgAsync("createdb", ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-U", Database, Database], ct);
        }

        return pg;
    }

    /// <summary>Fast shutdown: clients disconnected, work rolled back, data kept.</summary>
    public async Task StopAsync()
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            await RunPgAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"], CancellationToken.None, check: false);
        }
    }

    private Task<(int ExitCode, string Output)> RunPgAsync(string program, IReadOnlyList<string> args, CancellationToken ct, bool check = true) =>
        RunAsync(Path.Combine(_bin, program), args, asUser: IsRoot, check, [new("PGPASSWORD", Password)], ct);

    private static string FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        string? bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0).FirstOrDefault()
            : null;
        return bin ?? throw new CliException("PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb); run bash build/install-cluster.sh (apt-get install postgresql).",
            ExitCodes.Unavailable);
    }

    private static async Task EnsureUserAsync(CancellationToken ct)
    {
        if ((await RunAsync("id", ["-u", OsUser], asUser: false, check: false, ct: ct)).ExitCode != 0)
        {
            await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OsUser], asUser: false, ct: ct);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> args, bool asUser, bool check = true,
        IReadOnlyList<KeyValuePair<string, string>>? environment = null, CancellationToken ct = default)
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
            // -p keeps the environment (PGPASSWORD) for the postgres user's program.
            foreach (string a in new[] { "-u", OsUser, "-p", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(ct);
        Task<string> stderr = process.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new CliException($"{Path.GetFileName(program)} {string.Join(' ', args.Take(3))} did not finish within 120 s.", ExitCodes.Unavailable);
        }

        string output = await stdout + await stderr;
        if (check && process.ExitCode != 0)
        {
            throw new CliException($"{Path.GetFileName(program)} {string.Join(' ', args.Take(3))} failed (exit {process.ExitCode}): {output.Trim()}", ExitCodes.Unavailable);
        }

        return (process.ExitCode, output);
    }
}
