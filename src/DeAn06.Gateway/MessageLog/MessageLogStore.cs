using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.MessageLog;

/// <summary>The log's SQLite file: entries and seals.</summary>
internal static class MessageLogStore
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static SqliteConnection Open(string path, bool create, string synchronous = "NORMAL")
    {
        if (create)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }

        var c = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            DefaultTimeout = 60,
        }.ToString());
        c.Open();
        if (create)
        {
            using SqliteCommand cmd = c.CreateCommand();
            // WAL: a commit appends to the -wal file. With synchronous = NORMAL that append is in the
            // operating system's page cache when Commit() returns, so it survives kill -9 of the
            // gateway (answers wait for exactly that); FULL also fsyncs it, for power cuts
            // (MessageLogOptions.Synchronous). Either way the file stays consistent. Checkpoints (which
            // fsync) are MessageLogCheckpointer's job, off the path of the commits that answers wait for.
            cmd.CommandText = $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {(synchronous.Equals("Full", StringComparison.OrdinalIgnoreCase) ? "FULL" : "NORMAL")};
                PRAGMA wal_autocheckpoint = 0;
                CREATE TABLE IF NOT EXISTS message_log (
                    seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, request_id TEXT NOT NULL, client TEXT, service TEXT,
                    method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, latency_ms REAL NOT NULL,
                    request_sha256 TEXT NOT NULL, request_bytes INTEGER NOT NULL, response_sha256 TEXT NOT NULL, response_bytes INTEGER NOT NULL,
                    prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL, request_signature TEXT, response_signature TEXT);
                CREATE TABLE IF NOT EXISTS certificates (sha256 BLOB PRIMARY KEY, der BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS seals (
                    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, entry_hash TEXT NOT NULL, sealed_at INTEGER NOT NULL,
                    kid TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL);
                """;
            cmd.ExecuteNonQuery();
            AddColumnIfMissing(c, "message_log", "request_signature", "TEXT");
            AddColumnIfMissing(c, "message_log", "response_signature", "TEXT");
            AddColumnIfMissing(c, "seals", "certificate", "BLOB"); // the seal key's certificate (trusted only through the CA)
            AddColumnIfMissing(c, "seals", "timestamp", "BLOB"); // the TSA's RFC 3161 token over the seal, once it answered
        }

        return c;
    }

    // Logs created before signatures were logged gain the columns; their old entries hash as before.
    private static void AddColumnIfMissing(SqliteConnection c, string table, string column, string type)
    {
        using SqliteCommand check = c.CreateCommand();
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $name";
        check.Parameters.AddWithValue("$name", column);
        if ((long)check.ExecuteScalar()! == 0)
        {
            using SqliteCommand add = c.CreateCommand();
            add.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {type}";
            add.ExecuteNonQuery();
        }
    }

    /// <summary>The signers' certificates stored once (see <see cref="StoredSignature"/>), by SHA-256; empty for logs older than the table.</summary>
    public static Func<byte[], byte[]?> CertificateLookup(SqliteConnection c)
    {
        var certificates = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using SqliteCommand exists = c.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'certificates'";
        if ((long)exists.ExecuteScalar()! > 0)
        {
            using SqliteCommand cmd = c.CreateCommand();
            cmd.CommandText = "SELECT sha256, der FROM certificates";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                // Read as bytes whatever the stored type, so a tampered row cannot stop the check.
                certificates[Convert.ToHexString(r.GetFieldValue<byte[]>(0))] = r.GetFieldValue<byte[]>(1);
            }
        }

        return hash => certificates.GetValueOrDefault(Convert.ToHexString(hash));
    }

    /// <summary>
    /// A logged signature as the base64 text the chain covers: stored as text (older entries, unusual
    /// shapes) or compacted (<see cref="StoredSignature"/>). A compact value that cannot be rebuilt
    /// reads as a marker that will not hash like the original, so the entry shows as altered.
    /// </summary>
    public static string? ReadSignature(SqliteDataReader r, int i, Func<byte[], byte[]?> certificates) => r.IsDBNull(i) ? null
        : r.GetValue(i) is byte[] stored ? StoredSignature.Expand(stored, certificates) ?? "<unreadable stored signature>"
        : r.GetString(i);

    /// <summary>The text a seal signs (before issue 13: by the token key, without the key id).</summary>
    public static string SealText(long seq, string entryHash, long sealedAtMs) => $"dean06-seal|{seq}|{entryHash}|{sealedAtMs}";

    /// <summary>The text a seal signs and the TSA timestamps (as SHA-256): it names its key, so a seal cannot be passed off as another key's.</summary>
    public static string SealText(long seq, string entryHash, long sealedAtMs, string keyId) => $"dean06-seal-v2|{seq}|{entryHash}|{sealedAtMs}|{keyId}";
}
