using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// The log in one SQLite file (<see cref="MessageLogStore"/> has the schema). One connection and one
/// prepared insert for the store's lifetime: opening the file and checking the schema per commit cost
/// more than the inserts themselves. The store also keeps the WAL bounded (<see cref="AfterCommit"/>).
/// </summary>
internal sealed class SqliteMessageLogStore : IMessageLogStore
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _parameters;
    private readonly SqliteCommand _insertCertificate;
    private readonly SqliteCommand _checkpoint;
    private readonly string _walPath;
    private readonly long _walLimitBytes;
    private long _catchUpAt;

    public SqliteMessageLogStore(string path, string synchronous, long walLimitBytes)
    {
        _connection = MessageLogStore.Open(path, create: true, synchronous);
        _walPath = _connection.DataSource + "-wal";
        _walLimitBytes = _catchUpAt = walLimitBytes;
        using (SqliteCommand limit = _connection.CreateCommand())
        {
            // When the WAL starts again from its beginning, its first commit cuts the file back to this size.
            limit.CommandText = "PRAGMA journal_size_limit = " + walLimitBytes.ToString(CultureInfo.InvariantCulture);
            limit.ExecuteNonQuery();
        }

        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        _insert = _connection.CreateCommand();
        _insert.CommandText = "INSERT INTO message_log (seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, response_sha256, response_bytes, prev_hash, entry_hash, request_signature, response_signature) " +
            "VALUES ($seq, $time, $rid, $client, $service, $method, $path, $status, $latency, $reqh, $reqb, $resh, $resb, $prev, $hash, $reqsig, $ressig)";
        string[] names = ["$seq", "$time", "$rid", "$client", "$service", "$method", "$path", "$status", "$latency", "$reqh", "$reqb", "$resh", "$resb", "$prev", "$hash", "$reqsig", "$ressig"];
        _parameters = [.. names.Select(n => _insert.Parameters.Add(n, SqliteType.Text))];
        _insert.Prepare();

        _insertCertificate = _connection.CreateCommand();
        _insertCertificate.CommandText = "INSERT OR IGNORE INTO certificates (sha256, der) VALUES ($sha, $der)";
        _insertCertificate.Parameters.Add("$sha", SqliteType.Blob);
        _insertCertificate.Parameters.Add("$der", SqliteType.Blob);
        _insertCertificate.Prepare();
    }

    public ChainHead ReadHead()
    {
        long seq = 0;
        string hash = MessageLogStore.Genesis;
        using SqliteCommand head = _connection.CreateCommand();
        head.CommandText = "SELECT seq, entry_hash FROM message_log ORDER BY seq DESC LIMIT 1";
        using (SqliteDataReader r = head.ExecuteReader())
        {
            if (r.Read())
            {
                seq = r.GetInt64(0);
                hash = r.GetString(1);
            }
        }

        using SqliteCommand seal = _connection.CreateCommand();
        seal.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM seals";
        return new ChainHead(seq, hash, (long)seal.ExecuteScalar()!);
    }

    public void Append(IReadOnlyList<ChainedEntry> entries, IReadOnlyList<(byte[] Sha256, byte[] Der)> certificates)
    {
        using SqliteTransaction tx = _connection.BeginTransaction();
        _insert.Transaction = tx;
        _insertCertificate.Transaction = tx;
        foreach (var (sha, der) in certificates)
        {
            _insertCertificate.Parameters[0].Value = sha;
            _insertCertificate.Parameters[1].Value = der;
            _insertCertificate.ExecuteNonQuery();
        }

        SqliteParameter[] p = _parameters;
        foreach (ChainedEntry c in entries)
        {
            LogEntry e = c.Entry;
            object[] values = [c.Seq, e.Time.ToUnixTimeMilliseconds(), e.RequestId, (object?)e.Client ?? DBNull.Value, (object?)e.Service ?? DBNull.Value, e.Method, e.Path,
                e.Status, e.LatencyMs, e.RequestSha256, e.RequestBytes, e.ResponseSha256, e.ResponseBytes, c.PrevHash, c.Hash,
                c.RequestSignature ?? DBNull.Value, c.ResponseSignature ?? DBNull.Value];
            for (int i = 0; i < values.Length; i++)
            {
                // Signatures are compact blobs, or text when they cannot be compacted.
                p[i].SqliteType = values[i] is byte[] ? SqliteType.Blob : SqliteType.Text;
                p[i].Value = values[i];
            }

            _insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>
    /// Keeps the WAL bounded under sustained load. <see cref="MessageLogCheckpointer"/> copies the WAL into
    /// the database every second from its own connection, but SQLite starts the WAL again from its
    /// beginning only when a write transaction begins while every frame has been copied, and with
    /// commits every millisecond the checkpointer never catches up at that moment: the WAL grew by the
    /// whole traffic (285 MB in four minutes of a load run), and with it the disk used and the time the
    /// next start takes to rebuild its index. Past <c>walLimitBytes</c>, this connection, the only
    /// writer and between commits, copies the few frames the checkpointer has not (passive: it never
    /// waits for readers), so the next commit starts the WAL again and truncates it to the limit. A
    /// reader holding an old snapshot can stop that; it is then tried again every quarter of the limit.
    /// </summary>
    public void AfterCommit()
    {
        long length;
        try
        {
            length = new FileInfo(_walPath).Length;
        }
        catch (FileNotFoundException)
        {
            return;
        }

        if (length <= _walLimitBytes)
        {
            _catchUpAt = _walLimitBytes;
            return;
        }

        if (length < _catchUpAt)
        {
            return;
        }

        _catchUpAt = length + (_walLimitBytes / 4);
        _checkpoint.ExecuteNonQuery();
    }

    public void AddSeal(NewSeal seal)
    {
        using SqliteCommand cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO seals (seq, entry_hash, sealed_at, kid, public_key, signature, certificate) VALUES ($seq, $hash, $at, $kid, $pk, $sig, $cert)";
        cmd.Parameters.AddWithValue("$seq", seal.Seq);
        cmd.Parameters.AddWithValue("$hash", seal.EntryHash);
        cmd.Parameters.AddWithValue("$at", seal.SealedAtMs.ToString(CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$kid", seal.KeyId);
        cmd.Parameters.AddWithValue("$pk", seal.PublicKey);
        cmd.Parameters.AddWithValue("$sig", seal.Signature);
        cmd.Parameters.AddWithValue("$cert", seal.Certificate);
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<(long Id, long Seq, string Text)> UnstampedSeals(int max)
    {
        var pending = new List<(long, long, string)>();
        using SqliteCommand select = _connection.CreateCommand();
        select.CommandText = "SELECT id, seq, entry_hash, sealed_at, kid FROM seals WHERE timestamp IS NULL AND certificate IS NOT NULL ORDER BY id DESC LIMIT $max";
        select.Parameters.AddWithValue("$max", max);
        using SqliteDataReader r = select.ExecuteReader();
        while (r.Read())
        {
            pending.Add((r.GetInt64(0), r.GetInt64(1), MessageLogStore.SealText(r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4))));
        }

        return pending;
    }

    public void SetTimestamp(long id, byte[] token)
    {
        using SqliteCommand update = _connection.CreateCommand();
        update.CommandText = "UPDATE seals SET timestamp = $token WHERE id = $id";
        update.Parameters.AddWithValue("$token", token);
        update.Parameters.AddWithValue("$id", id);
        update.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insert.Dispose();
        _insertCertificate.Dispose();
        _checkpoint.Dispose();
        _connection.Dispose();
    }
}
