using Npgsql;

namespace DeAn06.Gateway.MessageLog.PostgreSql;

/// <summary>One node's chain in a shared PostgreSQL log, read for verification.</summary>
internal sealed class PostgreSqlMessageLogSource(NpgsqlDataSource dataSource, string node, Func<byte[], byte[]?> certificates) : IMessageLogSource
{
    /// <summary>The nodes that have written to the log, with the name each gives the TSA.</summary>
    public static List<(string Node, string Requester)> Nodes(NpgsqlDataSource dataSource)
    {
        using NpgsqlConnection c = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT node, requester FROM message_log.nodes ORDER BY node", c);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        var nodes = new List<(string, string)>();
        while (r.Read())
        {
            nodes.Add((r.GetString(0), r.GetString(1)));
        }

        return nodes;
    }

    /// <summary>The signers' certificates stored once (see <see cref="StoredSignature"/>), by SHA-256.</summary>
    public static Func<byte[], byte[]?> CertificateLookup(NpgsqlDataSource dataSource)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using NpgsqlConnection c = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT sha256, der FROM message_log.certificates", c);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            found[Convert.ToHexString(r.GetFieldValue<byte[]>(0))] = r.GetFieldValue<byte[]>(1);
        }

        return hash => found.GetValueOrDefault(Convert.ToHexString(hash));
    }

    public IEnumerable<StoredEntry> Entries()
    {
        using NpgsqlConnection c = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(
            "SELECT seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, response_sha256, response_bytes, prev_hash, entry_hash, " +
            "request_signature, request_signature_compact, response_signature, response_signature_compact FROM message_log.entries WHERE node = @node ORDER BY seq", c);
        cmd.Parameters.AddWithValue("node", node);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            var entry = new LogEntry(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2), Text(r, 3), Text(r, 4), r.GetString(5), r.GetString(6),
                r.GetInt32(7), r.GetDouble(8), r.GetString(9), r.GetInt64(10), r.GetString(11), r.GetInt64(12), Signature(r, 15), Signature(r, 17));
            yield return new StoredEntry(r.GetInt64(0), entry, r.GetString(13), r.GetString(14));
        }
    }

    public IEnumerable<StoredSeal> Seals()
    {
        using NpgsqlConnection c = dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(
            "SELECT seq, entry_hash, sealed_at, kid, signature, certificate, timestamp FROM message_log.seals WHERE node = @node ORDER BY id", c);
        cmd.Parameters.AddWithValue("node", node);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            yield return new StoredSeal(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetFieldValue<byte[]>(5), r.IsDBNull(6) ? null : r.GetFieldValue<byte[]>(6));
        }
    }

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // As in SQLite: text as stored, or a compact value rebuilt; one that cannot be rebuilt (or both
    // columns set) reads as a marker that will not hash like the original, so the entry shows as altered.
    private string? Signature(NpgsqlDataReader r, int text)
    {
        bool hasText = !r.IsDBNull(text), hasCompact = !r.IsDBNull(text + 1);
        return (hasText, hasCompact) switch
        {
            (false, false) => null,
            (true, false) => r.GetString(text),
            (false, true) => StoredSignature.Expand(r.GetFieldValue<byte[]>(text + 1), certificates) ?? "<unreadable stored signature>",
            _ => "<two stored signatures>",
        };
    }
}
