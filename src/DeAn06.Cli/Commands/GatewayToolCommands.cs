using System.CommandLine;
using System.Diagnostics;
using DeAn06.Cli.Stack;
using Spectre.Console;

namespace DeAn06.Cli.Commands;

/// <summary><c>dean06 keys init</c> and <c>dean06 audit verify</c>: the gateway's own tools, run from its build.</summary>
internal static class GatewayToolCommands
{
    public static Command Keys(CliContext context)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Where to write ca.pem, gateway.pem, seal.pem, tsa.pem and CLIENT.pem with their .key.pem files (0600); refuses to overwrite." };
        var clients = new Argument<string[]>("clients") { Description = "Client ids to issue certificates for (e.g. BHXH THUE OPS).", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<string>("--client-keys") { Description = "Key kind of the clients' certificates: p256 or rsa2048.", DefaultValueFactory = _ => "p256" };
        kind.AcceptOnlyFromAmong("p256", "rsa2048");
        var init = new Command("init", "Create a development CA, the gateway's certificate and one signing certificate per client.") { folder, clients, kind };
        init.SetAction((p, ct) => RunGatewayToolAsync(["keys", "init", p.GetValue(folder)!.FullName, .. p.GetValue(clients)!, "--client-keys", p.GetValue(kind)!], context.Console, ct));
        return new Command("keys", "Development keys and certificates for CMS signatures.") { init };
    }

    public static Command Audit(CliContext context)
    {
        var log = new Argument<FileInfo?>("message-log") { Description = "The gateway's message-log database (default: the last stack's, .dean06/run/message-log.db; for a cluster's folder, every gateway node's chain in its PostgreSQL).", Arity = ArgumentArity.ZeroOrOne };
        var ca = new Option<FileInfo?>("--ca") { Description = "CA certificate (PEM) that seal and TSA certificates must chain to (default: certs/ca.pem beside the log)." };
        var trustedKeys = new Option<FileInfo?>("--trusted-keys") { Description = "PEM public keys or certificates trusted as seal keys (e.g. for seals made before seal certificates)." };
        var journal = new Option<string?>("--tsa-journal") { Description = "The TSA's journal: a file or its http://…/journal endpoint (default: tsa/journal.jsonl beside the log)." };
        var connection = new Option<string?>("--connection")
        {
            Description = "A cluster's PostgreSQL message log instead of a file: env:NAME (an environment variable, e.g. env:ConnectionStrings__MessageLog) or file:PATH holding the connection string, never the string itself. Checks every gateway node's chain.",
        };
        var verify = new Command("verify", "Check the message log's hash chain, its seals against the CA, their TSA timestamps and the TSA's journal (a cut tail); names the first broken entry (with --connection: per gateway node). Exit 0 intact, 1 broken, 2 unreadable.")
            { log, ca, trustedKeys, journal, connection };
        context.Data.For(verify);
        verify.SetAction((p, ct) =>
        {
            // A cluster's data folder (dean06 up --cluster): its gateways' chains are in PostgreSQL, every node's checked.
            string? source = p.GetValue(connection) ?? (p.GetValue(log) is null ? StackInfo.Load(context.DataFolder(p))?.MessageLogConnection : null);
            if (source is not null)
            {
                if (p.GetValue(log) is not null)
                {
                    throw new CliException("Give a message-log file or --connection, not both.", ExitCodes.Usage);
                }

                if (!source.StartsWith("env:", StringComparison.Ordinal) && !source.StartsWith("file:", StringComparison.Ordinal))
                {
                    throw new CliException("--connection takes env:NAME or file:PATH, never the connection string itself (it may hold a password).", ExitCodes.Usage);
                }

                // Trust from the stack's folder, as for a file: run/certs/ca.pem and run/tsa/journal.jsonl.
                string[] arguments = AuditArguments(Path.Combine(context.DataFolder(p), "run", "message-log.db"), p.GetValue(ca)?.FullName, p.GetValue(trustedKeys)?.FullName, p.GetValue(journal));
                return RunGatewayToolAsync(["audit", "verify", "--connection", source.StartsWith("file:", StringComparison.Ordinal) ? "file:" + Path.GetFullPath(source[5..]) : source, .. arguments[3..]],
                    context.Console, ct);
            }

            string path = p.GetValue(log)?.FullName ?? Path.Combine(context.DataFolder(p), "run", "message-log.db");
            if (!File.Exists(path))
            {
                throw new CliException($"No message log at {path}; give its path (the gateway's MessageLog:SqlitePath).", ExitCodes.Usage);
            }

            if (!IsSqliteDatabase(path))
            {
                throw new CliException($"{path} is not a message log (not an SQLite database); give the gateway's message-log.db (MessageLog:SqlitePath).", ExitCodes.Usage);
            }

            return RunGatewayToolAsync(AuditArguments(path, p.GetValue(ca)?.FullName, p.GetValue(trustedKeys)?.FullName, p.GetValue(journal)), context.Console, ct);
        });
        return new Command("audit", "The gateway's tamper-evident message log.") { verify };
    }

    /// <summary>Whether the file starts with SQLite's 16-byte header ("SQLite format 3" and a NUL), as a message log does.</summary>
    private static bool IsSqliteDatabase(string path)
    {
        ReadOnlySpan<byte> magic = "SQLite format 3\0"u8;
        Span<byte> head = stackalloc byte[16];
        using FileStream file = File.OpenRead(path);
        return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(magic);
    }

    /// <summary>
    /// The gateway's <c>audit verify</c> arguments: trust comes from outside the log's database, by default
    /// from a stack's layout (certs/ca.pem and the TSA's tsa/journal.jsonl beside message-log.db).
    /// </summary>
    internal static string[] AuditArguments(string messageLog, string? ca = null, string? trustedKeys = null, string? journal = null)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(messageLog))!;
        ca ??= Path.Combine(folder, "certs", "ca.pem") is var stackCa && File.Exists(stackCa) ? stackCa : null;
        journal ??= Path.Combine(folder, "tsa", "journal.jsonl") is var stackJournal && File.Exists(stackJournal) ? stackJournal : null;
        return
        [
            "audit", "verify", messageLog,
            .. ca is null ? Array.Empty<string>() : ["--ca", ca],
            .. trustedKeys is null ? Array.Empty<string>() : ["--trusted-keys", trustedKeys],
            .. journal is null ? Array.Empty<string>() : ["--tsa-journal", journal],
        ];
    }

    /// <summary>Runs the gateway's command-line tool and relays its output and exit code.</summary>
    internal static async Task<int> RunGatewayToolAsync(string[] arguments, IAnsiConsole console, CancellationToken ct)
    {
        string dll = RepoLayout.Find().Service("src", "DeAn06.Gateway");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync(ct);
        string output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        string message = (await error).Trim();
        if (process.ExitCode != 0 && message.Length == 0 && (arguments[0] == "keys" || process.ExitCode == ExitCodes.Usage))
        {
            message = output.Trim(); // the gateway's tools explain a refusal or bad input on stdout
        }
        else
        {
            console.Profile.Out.Writer.Write(output);
        }

        return message.Length > 0
            ? throw new CliException(message.Split('\n')[0], process.ExitCode == 0 ? ExitCodes.Failed : process.ExitCode)
            : process.ExitCode;
    }
}
