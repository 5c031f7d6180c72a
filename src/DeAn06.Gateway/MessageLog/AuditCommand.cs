namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// `DeAn06.Gateway audit verify &lt;message-log.db&gt; --ca &lt;ca.pem&gt; [--trusted-keys &lt;pem&gt;] [--tsa-journal &lt;file|url&gt;] [--requester &lt;id&gt;]`:
/// checks a log against trust material from outside it and exits 0 (intact), 1 (broken) or 2 (bad input).
/// A PostgreSQL log (a cluster's) is named by <c>--connection env:NAME|file:PATH</c> instead of a file, or
/// found in ConnectionStrings__MessageLog when no file is given: every node's chain is checked, one line
/// each and a total. The connection string itself never goes on the command line (it may hold a password).
/// </summary>
internal static class AuditCommand
{
    private const string Usage = "usage: DeAn06.Gateway audit verify <message-log.db | --connection env:NAME|file:PATH> --ca <ca.pem> [--trusted-keys <keys.pem>] [--tsa-journal <journal.jsonl|http://tsa/journal>] [--requester <id>]";
    private const string EnvironmentName = "ConnectionStrings__" + MessageLogOptions.ConnectionStringName;
    private static readonly string[] Options = ["--ca", "--trusted-keys", "--tsa-journal", "--requester", "--connection"];

    public static int? TryRun(string[] args, TextWriter output)
    {
        if (args is not ["audit", ..])
        {
            return null;
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (Options.Contains(args[i]) && i + 1 < args.Length && !options.ContainsKey(args[i]))
            {
                options[args[i]] = args[++i];
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                output.WriteLine(Usage);
                return 2;
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        string? connection = null;
        if (options.TryGetValue("--connection", out string? source) || (positional is ["audit", "verify"] && Environment.GetEnvironmentVariable(EnvironmentName) is { Length: > 0 }))
        {
            if (positional is not ["audit", "verify"])
            {
                output.WriteLine(Usage);
                return 2;
            }

            if (ReadConnectionString(source ?? "env:" + EnvironmentName, out connection) is { } why)
            {
                output.WriteLine($"audit: {why}");
                return 2;
            }
        }

        string path = positional is ["audit", "verify", var file] ? file : "";
        if (connection is null && positional is not ["audit", "verify", _])
        {
            output.WriteLine(Usage);
            return 2;
        }

        if (connection is null && !File.Exists(path))
        {
            output.WriteLine($"audit: no message log at '{path}'");
            return 2;
        }

        if (!options.ContainsKey("--ca") && !options.ContainsKey("--trusted-keys"))
        {
            output.WriteLine("audit: give --ca <ca.pem> or --trusted-keys <keys.pem>: seals are trusted only through keys from outside the log");
            return 2;
        }

        // The journal is read before the log: a seal stamped in between is then merely newer than the
        // journal, never a journalled token missing from an older read of the log.
        LogTrust trust;
        try
        {
            trust = new LogTrust
            {
                CaCertificates = LogTrust.LoadCertificates(options.GetValueOrDefault("--ca")),
                TrustedSealKeys = LogTrust.LoadTrustedKeys(options.GetValueOrDefault("--trusted-keys")),
                Journal = options.TryGetValue("--tsa-journal", out string? journal) ? TsaJournalEntry.LoadAsync(journal, CancellationToken.None).GetAwaiter().GetResult() : null,
                Requester = options.GetValueOrDefault("--requester") ?? "gateway",
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or InvalidDataException
            or FormatException or System.Text.Json.JsonException or HttpRequestException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            output.WriteLine($"audit: cannot read the trust material: {ex.Message.Split('\n')[0]}");
            return 2;
        }

        if (connection is not null)
        {
            return VerifyNodes(connection, trust, options.GetValueOrDefault("--requester"), output);
        }

        VerifyResult r;
        try
        {
            r = MessageLogVerifier.Verify(path, trust);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // Not a database, or a database without the log's tables: bad input, not a broken chain.
            output.WriteLine($"audit: '{path}' is not a message log: {ex.Message.Split('\n')[0]}");
            return 2;
        }

        output.WriteLine(Describe(r, trust.Requester));
        return r.Intact ? 0 : 1;
    }

    private static string Describe(VerifyResult r, string requester)
    {
        string journalNote = r.JournalTokens is { } n ? $"all {n} TSA journal tokens for '{requester}' found" : "TSA journal not checked (a cut tail cannot be told)";
        return r.Intact
            ? $"intact: {r.Entries} entries, {r.Seals} seals (keys {string.Join(", ", r.SealKeys)}), {r.UnsealedTail} entries after the last seal; {r.Timestamped} of {r.Seals} seals timestamped, {journalNote}"
            : $"BROKEN at entry {r.FirstBroken}: {r.Problem}";
    }

    /// <summary>Every node's chain in a PostgreSQL log: one line per node, then the total; exit 1 when any node's chain is broken.</summary>
    private static int VerifyNodes(string connection, LogTrust trust, string? requester, TextWriter output)
    {
        IReadOnlyList<(string Node, string Requester, VerifyResult Result)> nodes;
        try
        {
            nodes = MessageLogVerifier.VerifyNodes(connection, trust, requester);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or ArgumentException or InvalidOperationException)
        {
            // Unreachable, refused, or a database without the log's schema: bad input, not a broken chain.
            output.WriteLine($"audit: cannot read the message log from PostgreSQL: {ex.Message.Split('\n')[0]}");
            return 2;
        }

        foreach (var (node, nodeRequester, r) in nodes)
        {
            output.WriteLine($"node {node}: {Describe(r, nodeRequester)}");
        }

        int broken = nodes.Count(n => !n.Result.Intact);
        output.WriteLine(broken == 0
            ? $"total: {nodes.Count} nodes intact, {nodes.Sum(n => n.Result.Entries)} entries, {nodes.Sum(n => n.Result.Seals)} seals"
            : $"total: {broken} of {nodes.Count} nodes BROKEN ({string.Join(", ", nodes.Where(n => !n.Result.Intact).Select(n => $"{n.Node} at entry {n.Result.FirstBroken}"))})");
        return broken == 0 ? 0 : 1;
    }

    /// <summary>
    /// The connection string from <c>env:NAME</c> (an environment variable) or <c>file:PATH</c> (a file's
    /// first line); anything else is refused, so a password never sits in the process list or shell history.
    /// </summary>
    internal static string? ReadConnectionString(string source, out string? connection)
    {
        connection = null;
        if (source.StartsWith("env:", StringComparison.Ordinal))
        {
            connection = Environment.GetEnvironmentVariable(source[4..]);
            return string.IsNullOrWhiteSpace(connection) ? $"the environment variable {source[4..]} is not set" : null;
        }

        if (source.StartsWith("file:", StringComparison.Ordinal))
        {
            try
            {
                connection = File.ReadLines(source[5..]).FirstOrDefault()?.Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"cannot read {source[5..]}: {ex.Message}";
            }

            return string.IsNullOrWhiteSpace(connection) ? $"{source[5..]} holds no connection string" : null;
        }

        return "--connection takes env:NAME or file:PATH, never the connection string itself (it may hold a password)";
    }
}
