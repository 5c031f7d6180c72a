using System.Globalization;
using Microsoft.Data.Sqlite;

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
        Func<byte[], byte[]?> certificates = MessageLogStore.CertificateLookup(c);
        var hashes = new Dictionary<long, string>();
        long expected = 1;
        string previous = MessageLogStore.Genesis;
        using (SqliteCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, response_sha256, response_bytes, prev_hash, entry_hash, request_signature, response_signature FROM message_log ORDER BY seq";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                long seq = r.GetInt64(0);
                if (seq != expected)
                {
                    return Broken(expected - 1, hashes.Count, expected, $"entry {expected} is missing (the next stored entry is {seq})");
                }

                var entry = new LogEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), Text(r, 3), Text(r, 4), r.GetString(5), r.GetString(6),
                    r.GetInt32(7), r.GetDouble(8), r.GetString(9), r.GetInt64(10), r.GetString(11), r.GetInt64(12),
                    MessageLogStore.ReadSignature(r, 15, certificates), MessageLogStore.ReadSignature(r, 16, certificates));
                string stored = r.GetString(14);
                if (r.GetString(13) != previous)
                {
                    return Broken(seq - 1, hashes.Count, seq, $"entry {seq} does not link to entry {seq - 1} (previous hash differs)");
                }

                if (LogEntry.Hash(entry.Canonical(seq, previous)) != stored)
                {
                    return Broken(seq - 1, hashes.Count, seq, $"entry {seq} was altered (its fields no longer give its hash)");
                }

                hashes[seq] = stored;
                previous = stored;
                expected++;
            }
        }

        int seals = 0, stamped = 0;
        long lastSealed = 0;
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        var imprints = new HashSet<string>(StringComparer.Ordinal);
        var stampedAt = new List<(long Seq, string Imprint, DateTimeOffset Time)>();
        using (SqliteCommand cmd = c.CreateCommand())
        {
            bool v2 = HasColumn(c, "seals", "certificate");
            cmd.CommandText = v2
                ? "SELECT seq, entry_hash, sealed_at, kid, signature, certificate, timestamp FROM seals ORDER BY id"
                : "SELECT seq, entry_hash, sealed_at, kid, signature FROM seals ORDER BY id";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                var seal = new StoredSeal(r.GetInt64(0), r.GetString(1), long.Parse(r.GetString(2), CultureInfo.InvariantCulture), r.GetString(3), r.GetString(4),
                    v2 && !r.IsDBNull(5) ? r.GetFieldValue<byte[]>(5) : null, v2 && !r.IsDBNull(6) ? r.GetFieldValue<byte[]>(6) : null);
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

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static long? Sequence(TsaJournalEntry e) => e.Nonce.Length > 0 && e.Nonce.Length % 2 == 0 && e.Nonce.All(Uri.IsHexDigit)
        ? SealNonce.SequenceOf(Convert.FromHexString(e.Nonce)) : null;

    private static bool HasColumn(SqliteConnection c, string table, string column)
    {
        using SqliteCommand check = c.CreateCommand();
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $name";
        check.Parameters.AddWithValue("$name", column);
        return (long)check.ExecuteScalar()! > 0;
    }
}
