using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeAn06.Gateway.MessageLog;
using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>
/// What an attacker with write access to the log's database does: rewrites an entry and re-chains the
/// hashes after it, then re-signs every seal with a key of their own (certificate, key id and public key
/// included, timestamps dropped), so that the database is consistent with itself.
/// </summary>
internal static class LogForger
{
    /// <summary>Changes entry <paramref name="seq"/>'s client and recomputes every hash from there on (logs without logged signatures).</summary>
    public static void RewriteClient(string log, long seq, string client)
    {
        using var c = new SqliteConnection($"Data Source={log};Pooling=false");
        c.Open();
        var entries = new List<(long Seq, LogEntry Entry)>();
        using (SqliteCommand read = c.CreateCommand())
        {
            read.CommandText = "SELECT seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, response_sha256, response_bytes FROM message_log ORDER BY seq";
            using SqliteDataReader r = read.ExecuteReader();
            while (r.Read())
            {
                entries.Add((r.GetInt64(0), new LogEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt32(7), r.GetDouble(8), r.GetString(9), r.GetInt64(10), r.GetString(11), r.GetInt64(12))));
            }
        }

        string previous = MessageLogStore.Genesis;
        foreach (var (s, original) in entries)
        {
            LogEntry e = s == seq ? original with { Client = client } : original;
            string hash = LogEntry.Hash(e.Canonical(s, previous));
            Execute(c, "UPDATE message_log SET client = $client, prev_hash = $prev, entry_hash = $hash WHERE seq = $seq",
                ("$client", (object?)e.Client ?? DBNull.Value), ("$prev", previous), ("$hash", hash), ("$seq", s));
            Execute(c, "UPDATE seals SET entry_hash = $hash WHERE seq = $seq", ("$hash", hash), ("$seq", s));
            previous = hash;
        }
    }

    /// <summary>Re-signs every seal with <paramref name="certificatePem"/>'s key; <paramref name="claimedKeyId"/> overrides the key id written.</summary>
    public static void Reseal(string log, string certificatePem, string keyPem, string? claimedKeyId = null)
    {
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePem));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyPem));
        byte[] spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        string kid = claimedKeyId ?? SealCertificate.KeyIdOf(spki);
        using var c = new SqliteConnection($"Data Source={log};Pooling=false");
        c.Open();
        var seals = new List<(long Id, long Seq, string Hash, long At)>();
        using (SqliteCommand read = c.CreateCommand())
        {
            read.CommandText = "SELECT id, seq, entry_hash, sealed_at FROM seals";
            using SqliteDataReader r = read.ExecuteReader();
            while (r.Read())
            {
                seals.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3)));
            }
        }

        foreach (var (id, seq, hash, at) in seals)
        {
            byte[] signature = key.SignData(Encoding.UTF8.GetBytes(MessageLogStore.SealText(seq, hash, at, kid)), HashAlgorithmName.SHA256);
            Execute(c, "UPDATE seals SET kid = $kid, public_key = $pk, certificate = $cert, signature = $sig, timestamp = NULL WHERE id = $id",
                ("$kid", kid), ("$pk", Convert.ToBase64String(spki)), ("$cert", certificate.RawData), ("$sig", Convert.ToBase64String(signature)), ("$id", id));
        }
    }

    /// <summary>Turns every seal into the form made before seal certificates (no certificate, older text), signed by <paramref name="key"/>.</summary>
    public static void ResealAsLegacy(string log, ECDsa key)
    {
        byte[] spki = key.ExportSubjectPublicKeyInfo();
        using var c = new SqliteConnection($"Data Source={log};Pooling=false");
        c.Open();
        var seals = new List<(long Id, long Seq, string Hash, long At)>();
        using (SqliteCommand read = c.CreateCommand())
        {
            read.CommandText = "SELECT id, seq, entry_hash, sealed_at FROM seals";
            using SqliteDataReader r = read.ExecuteReader();
            while (r.Read())
            {
                seals.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3)));
            }
        }

        foreach (var (id, seq, hash, at) in seals)
        {
            byte[] signature = key.SignData(Encoding.UTF8.GetBytes(MessageLogStore.SealText(seq, hash, at)), HashAlgorithmName.SHA256);
            Execute(c, "UPDATE seals SET kid = $kid, public_key = $pk, certificate = NULL, signature = $sig, timestamp = NULL WHERE id = $id",
                ("$kid", SealCertificate.KeyIdOf(spki)), ("$pk", Convert.ToBase64String(spki)), ("$sig", Convert.ToBase64String(signature)), ("$id", id));
        }
    }

    private static void Execute(SqliteConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        cmd.ExecuteNonQuery();
    }
}
