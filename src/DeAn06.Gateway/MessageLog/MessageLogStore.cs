using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.MessageLog;

/// <summary>The log's SQLite file: entries and seals.</summary>
internal static class MessageLogStore
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static SqliteConnection Open(string path, bool create)
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
            cmd.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE IF NOT EXISTS message_log (
                    seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, request_id TEXT NOT NULL, client TEXT, service TEXT,
                    method TEXT NOT NULL, path TEXT NOT NULL, status INTEGER NOT NULL, latency_ms REAL NOT NULL,
                    request_sha256 TEXT NOT NULL, request_bytes INTEGER NOT NULL, response_sha256 TEXT NOT NULL, response_bytes INTEGER NOT NULL,
                    prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL, request_signature TEXT, response_signature TEXT);
                CREATE TABLE IF NOT EXISTS seals (
                    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, entry_hash TEXT NOT NULL, sealed_at INTEGER NOT NULL,
                    kid TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL);
                """;
            cmd.ExecuteNonQuery();
            AddColumnIfMissing(c, "request_signature");
            AddColumnIfMissing(c, "response_signature");
        }

        return c;
    }

    // Logs created before signatures were logged gain the columns; their old entries hash as before.
    private static void AddColumnIfMissing(SqliteConnection c, string column)
    {
        using SqliteCommand check = c.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('message_log') WHERE name = $name";
        check.Parameters.AddWithValue("$name", column);
        if ((long)check.ExecuteScalar()! == 0)
        {
            using SqliteCommand add = c.CreateCommand();
            add.CommandText = $"ALTER TABLE message_log ADD COLUMN {column} TEXT";
            add.ExecuteNonQuery();
        }
    }

    /// <summary>The text a seal signs.</summary>
    public static string SealText(long seq, string entryHash, long sealedAtMs) => $"dean06-seal|{seq}|{entryHash}|{sealedAtMs}";
}
