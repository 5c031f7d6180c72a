using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.MessageLog;

/// <summary>A message log file read for verification, in any of its formats since issue 5.</summary>
internal sealed class SqliteMessageLogSource(SqliteConnection c) : IMessageLogSource
{
    public IEnumerable<StoredEntry> Entries()
    {
        Func<byte[], byte[]?> certificates = MessageLogStore.CertificateLookup(c);
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, response_sha256, response_bytes, prev_hash, entry_hash, request_signature, response_signature FROM message_log ORDER BY seq";
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            var entry = new LogEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), Text(r, 3), Text(r, 4), r.GetString(5), r.GetString(6),
                r.GetInt32(7), r.GetDouble(8), r.GetString(9), r.GetInt64(10), r.GetString(11), r.GetInt64(12),
                MessageLogStore.ReadSignature(r, 15, certificates), MessageLogStore.ReadSignature(r, 16, certificates));
            yield return new StoredEntry(r.GetInt64(0), entry, r.GetString(13), r.GetString(14));
        }
    }

    public IEnumerable<StoredSeal> Seals()
    {
        bool v2 = HasColumn(c, "seals", "certificate");
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = v2
            ? "SELECT seq, entry_hash, sealed_at, kid, signature, certificate, timestamp FROM seals ORDER BY id"
            : "SELECT seq, entry_hash, sealed_at, kid, signature FROM seals ORDER BY id";
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new StoredSeal(r.GetInt64(0), r.GetString(1), long.Parse(r.GetString(2), CultureInfo.InvariantCulture), r.GetString(3), r.GetString(4),
                v2 && !r.IsDBNull(5) ? r.GetFieldValue<byte[]>(5) : null, v2 && !r.IsDBNull(6) ? r.GetFieldValue<byte[]>(6) : null);
        }
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static bool HasColumn(SqliteConnection c, string table, string column)
    {
        using SqliteCommand check = c.CreateCommand();
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $name";
        check.Parameters.AddWithValue("$name", column);
        return (long)check.ExecuteScalar()! > 0;
    }
}
