using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.MessageLog;

/// <summary>The outcome of checking a message log.</summary>
/// <param name="Intact">True when every entry and seal checks out.</param>
/// <param name="Entries">Entries read.</param>
/// <param name="Seals">Seals checked.</param>
/// <param name="UnsealedTail">Entries after the last seal (not yet covered by a signature).</param>
/// <param name="FirstBroken">Sequence number of the first entry that fails, if any.</param>
/// <param name="Problem">What is wrong, in words.</param>
/// <param name="SealKeys">Key ids that signed the seals: compare them with the gateway's published JWKS.</param>
public sealed record VerifyResult(bool Intact, long Entries, int Seals, long UnsealedTail, long? FirstBroken, string? Problem, IReadOnlyList<string> SealKeys);

/// <summary>
/// Proves a message log untouched: recomputes each entry's hash from its fields and the previous
/// hash, checks the sequence has no gap, and checks every seal's signature over the chain head it
/// names. Reports the first entry that breaks.
/// </summary>
public static class MessageLogVerifier
{
    public static VerifyResult Verify(string path)
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

        int seals = 0;
        long lastSealed = 0;
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        using (SqliteCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT seq, entry_hash, sealed_at, kid, public_key, signature FROM seals ORDER BY id";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                long seq = r.GetInt64(0);
                string hash = r.GetString(1);
                if (!hashes.TryGetValue(seq, out string? actual) || actual != hash)
                {
                    return Broken(hashes.Count, hashes.Count, seq, $"seal over entry {seq} does not match the log (entries were removed or rewritten)");
                }

                using var key = ECDsa.Create();
                key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(r.GetString(4)), out _);
                string text = MessageLogStore.SealText(seq, hash, long.Parse(r.GetString(2), CultureInfo.InvariantCulture));
                if (!key.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(r.GetString(5)), HashAlgorithmName.SHA256))
                {
                    return Broken(hashes.Count, hashes.Count, seq, $"the seal over entry {seq} has an invalid signature");
                }

                keys.Add(r.GetString(3));
                seals++;
                lastSealed = Math.Max(lastSealed, seq);
            }
        }

        return new VerifyResult(true, hashes.Count, seals, hashes.Count - lastSealed, null, null, [.. keys]);

        static VerifyResult Broken(long good, int entries, long at, string problem) => new(false, Math.Max(good, entries), 0, 0, at, problem, []);
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
