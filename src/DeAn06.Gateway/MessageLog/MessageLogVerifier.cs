using DeAn06.Gateway.MessageLog.PostgreSql;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DeAn06.Gateway.MessageLog;

/// <summary>The outcome of checking a message log.</summary>
/// <param name="Intact">True when every entry and seal checks out.</param>
/// <param name="Entries">Entries read.</param>
/// <param name="Seals">Seals checked.</param>
/// <param name="UnsealedTail">Entries after the last seal (not yet covered by a signature).</param>
/// <param name="FirstBroken">Sequence number of the first entry that fails, if any.</param>
/// <param name="Problem">What is wrong, in words.</param>
/// <param name="SealKeys">Ids of the (trusted) keys that signed the seals.</param>
/// <param name="Timestamped">Seals that carry a valid TSA token.</param>
/// <param name="JournalTokens">Tokens the TSA's journal lists for this gateway, all found in the log; null when no journal was checked.</param>
internal sealed record VerifyResult(bool Intact, long Entries, int Seals, long UnsealedTail, long? FirstBroken, string? Problem, IReadOnlyList<string> SealKeys,
    int Timestamped = 0, int? JournalTokens = null);

/// <summary>
/// Proves a message log untouched: recomputes each entry's hash from its fields and the previous
/// hash, checks the sequence has no gap, checks every seal's signature over the chain head it names
/// against keys trusted from outside the log (<see cref="LogTrust"/>) and each seal's RFC 3161 token,
/// and, with the TSA's journal, that no seal the TSA stamped is missing (a cut tail). Reports the
/// first entry that breaks.
/// </summary>
internal static class MessageLogVerifier
{
    public static VerifyResult Verify(string path, LogTrust trust)
    {
        using SqliteConnection c = MessageLogStore.Open(path, create: false);
        return Verify(new SqliteMessageLogSource(c), trust);
    }

    /// <summary>
    /// Checks every node's chain in a shared PostgreSQL log, each against the TSA journal lines of its
    /// own requester (or <paramref name="requester"/> when given).
    /// </summary>
    public static IReadOnlyList<(string Node, string Requester, VerifyResult Result)> VerifyNodes(string connectionString, LogTrust trust, string? requester)
    {
        using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);
        Func<byte[], byte[]?> certificates = PostgreSqlMessageLogSource.CertificateLookup(dataSource);
        return [.. PostgreSqlMessageLogSource.Nodes(dataSource).Select(n =>
            (n.Node, requester ?? n.Requester, Verify(new PostgreSqlMessageLogSource(dataSource, n.Node, certificates), trust with { Requester = requester ?? n.Requester })))];
    }

    public static VerifyResult Verify(IMessageLogSource source, LogTrust trust)
    {
        var hashes = new Dictionary<long, string>();
        long expected = 1;
        string previous = MessageLogStore.Genesis;
        foreach (StoredEntry e in source.Entries())
        {
            long seq = e.Seq;
            if (seq != expected)
            {
                return Broken(expected - 1, hashes.Count, expected, $"entry {expected} is missing (the next stored entry is {seq})");
            }

            if (e.PrevHash != previous)
            {
                return Broken(seq - 1, hashes.Count, seq, $"entry {seq} does not link to entry {seq - 1} (previous hash differs)");
            }

            if (LogEntry.Hash(e.Entry.Canonical(seq, previous)) != e.EntryHash)
            {
                return Broken(seq - 1, hashes.Count, seq, $"entry {seq} was altered (its fields no longer give its hash)");
            }

            hashes[seq] = e.EntryHash;
            previous = e.EntryHash;
            expected++;
        }

        int seals = 0, stamped = 0;
        long lastSealed = 0;
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var imprints = new HashSet<string>(StringComparer.Ordinal);
        var stampedAt = new List<(long Seq, string Imprint, DateTimeOffset Time)>();
        foreach (StoredSeal seal in source.Seals())
        {
            if (!hashes.TryGetValue(seal.Seq, out string? actual) || actual != seal.EntryHash)
            {
                return Broken(hashes.Count, hashes.Count, seal.Seq, $"seal over entry {seal.Seq} does not match the log (entries were removed or rewritten)");
            }

            if (SealCheck.Signature(seal, trust) is { } problem)
            {
                return Broken(hashes.Count, hashes.Count, seal.Seq, problem);
            }

            if (seal.Timestamp is not null)
            {
                if (SealCheck.Timestamp(seal, trust, out DateTimeOffset stampTime) is { } stampProblem)
                {
                    return Broken(hashes.Count, hashes.Count, seal.Seq, stampProblem);
                }

                stampedAt.Add((seal.Seq, Convert.ToHexStringLower(seal.Imprint), stampTime));
                stamped++;
            }

            imprints.Add(Convert.ToHexStringLower(seal.Imprint));
            keys.Add(seal.KeyId);
            seals++;
            lastSealed = Math.Max(lastSealed, seal.Seq);
        }

        int? journal = null;
        if (trust.Journal is { } issued)
        {
            // Every token the TSA issued to this gateway must be over a seal still in the log: a seal
            // missing here was deleted, with the entries it covered when they are past the end.
            List<TsaJournalEntry> ours = [.. issued.Where(e => e.Requester == trust.Requester)];
            TsaJournalEntry? missing = ours.Where(e => !imprints.Contains(e.Imprint)).OrderBy(e => Sequence(e) ?? long.MaxValue).FirstOrDefault();
            if (missing is not null)
            {
                long? m = Sequence(missing);
                long n = hashes.Count;
                string what = m is null ? "a seal" : $"a seal over entry {m}";
                return m > n
                    ? Broken(n, hashes.Count, n + 1, $"the log ends at entry {n} but the TSA timestamped {what} at {missing.GenTime:u}: entries after {n} were cut")
                    : Broken(n, hashes.Count, m ?? n, $"the TSA timestamped {what} at {missing.GenTime:u} that is not in the log (a seal was removed)");
            }

            // The other way round: a token in the log that the journal should already list but does not
            // means the journal is not this gateway's (wrong requester) or not the TSA's.
            var listed = ours.Select(e => e.Imprint).ToHashSet(StringComparer.Ordinal);
            DateTimeOffset journalEnd = issued.Count > 0 ? issued.Max(e => e.GenTime) : DateTimeOffset.MinValue;
            if (stampedAt.FirstOrDefault(s => s.Time <= journalEnd && !listed.Contains(s.Imprint)) is { Imprint: not null } unlisted)
            {
                return Broken(hashes.Count, hashes.Count, unlisted.Seq,
                    $"the timestamp on the seal over entry {unlisted.Seq} is not in the TSA journal for '{trust.Requester}' (another requester's journal, or not the TSA's)");
            }

            journal = ours.Count;
        }

        return new VerifyResult(true, hashes.Count, seals, hashes.Count - lastSealed, null, null, [.. keys], stamped, journal);

        static VerifyResult Broken(long good, int entries, long at, string problem) => new(false, Math.Max(good, entries), 0, 0, at, problem, []);
    }

    private static long? Sequence(TsaJournalEntry e) => e.Nonce.Length > 0 && e.Nonce.Length % 2 == 0 && e.Nonce.All(Uri.IsHexDigit)
        ? SealNonce.SequenceOf(Convert.FromHexString(e.Nonce)) : null;
}
