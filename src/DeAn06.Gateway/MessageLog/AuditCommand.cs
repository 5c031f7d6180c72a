namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// `DeAn06.Gateway audit verify &lt;message-log.db&gt; --ca &lt;ca.pem&gt; [--trusted-keys &lt;pem&gt;] [--tsa-journal &lt;file|url&gt;] [--requester &lt;id&gt;]`:
/// checks a log against trust material from outside it and exits 0 (intact), 1 (broken) or 2 (bad input).
/// </summary>
internal static class AuditCommand
{
    private const string Usage = "usage: DeAn06.Gateway audit verify <message-log.db> --ca <ca.pem> [--trusted-keys <keys.pem>] [--tsa-journal <journal.jsonl|http://tsa/journal>] [--requester <id>]";
    private static readonly string[] Options = ["--ca", "--trusted-keys", "--tsa-journal", "--requester"];

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

        if (positional is not ["audit", "verify", var path])
        {
            output.WriteLine(Usage);
            return 2;
        }

        if (!File.Exists(path))
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

        string journalNote = r.JournalTokens is { } n ? $"all {n} TSA journal tokens for '{trust.Requester}' found" : "TSA journal not checked (a cut tail cannot be told)";
        output.WriteLine(r.Intact
            ? $"intact: {r.Entries} entries, {r.Seals} seals (keys {string.Join(", ", r.SealKeys)}), {r.UnsealedTail} entries after the last seal; {r.Timestamped} of {r.Seals} seals timestamped, {journalNote}"
            : $"BROKEN at entry {r.FirstBroken}: {r.Problem}");
        return r.Intact ? 0 : 1;
    }
}
