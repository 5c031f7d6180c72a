using Npgsql;
using NpgsqlTypes;

namespace DeAn06.Gateway.MessageLog.PostgreSql;

/// <summary>
/// One gateway node's chain in a PostgreSQL database that a cluster's gateways share (schema
/// "message_log", migrated at start-up by <see cref="PostgreSqlMessageLogMigrator"/>). Every row carries
/// the node id; (node, seq) is the key, so a second writer with the same id cannot fork the chain. A
/// batch (its new certificates and its entries, by binary COPY) commits in one transaction, which
/// PostgreSQL makes durable (WAL flushed) before the commit returns; answers wait for exactly that.
/// </summary>
internal sealed class PostgreSqlMessageLogStore : IMessageLogStore
{
    private const string Copy = "COPY message_log.entries (node, seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, " +
        "response_sha256, response_bytes, prev_hash, entry_hash, request_signature, request_signature_compact, response_signature, response_signature_compact) FROM STDIN (FORMAT BINARY)";

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _node;

    public PostgreSqlMessageLogStore(string connectionString, string node, string requester, TimeProvider time)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _node = node;
        PostgreSqlMessageLogMigrator.Migrate(_dataSource);
        using NpgsqlConnection c = _dataSource.OpenConnection();
        using var register = new NpgsqlCommand(
            "INSERT INTO message_log.nodes (node, requester, first_started_at, last_started_at) VALUES (@node, @requester, @now, @now) " +
            "ON CONFLICT (node) DO UPDATE SET requester = EXCLUDED.requester, last_started_at = EXCLUDED.last_started_at", c);
        register.Parameters.AddWithValue("node", node);
        register.Parameters.AddWithValue("requester", requester);
        register.Parameters.AddWithValue("now", time.GetUtcNow());
        register.ExecuteNonQuery();
    }

    public ChainHead ReadHead()
    {
        using NpgsqlConnection c = _dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(
            "SELECT (SELECT seq FROM message_log.entries WHERE node = @node ORDER BY seq DESC LIMIT 1), " +
            "(SELECT entry_hash FROM message_log.entries WHERE node = @node ORDER BY seq DESC LIMIT 1), " +
            "(SELECT COALESCE(MAX(seq), 0) FROM message_log.seals WHERE node = @node)", c);
        cmd.Parameters.AddWithValue("node", _node);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        r.Read();
        return r.IsDBNull(0) ? new ChainHead(0, MessageLogStore.Genesis, r.GetInt64(2)) : new ChainHead(r.GetInt64(0), r.GetString(1), r.GetInt64(2));
    }

    public void Append(IReadOnlyList<ChainedEntry> entries, IReadOnlyList<(byte[] Sha256, byte[] Der)> certificates)
    {
        using NpgsqlConnection c = _dataSource.OpenConnection();
        using NpgsqlTransaction tx = c.BeginTransaction();
        foreach (var (sha, der) in certificates)
        {
            using var insert = new NpgsqlCommand("INSERT INTO message_log.certificates (sha256, der) VALUES (@sha, @der) ON CONFLICT (sha256) DO NOTHING", c, tx);
            insert.Parameters.AddWithValue("sha", sha);
            insert.Parameters.AddWithValue("der", der);
            insert.ExecuteNonQuery();
        }

        using (NpgsqlBinaryImporter copy = c.BeginBinaryImport(Copy))
        {
            foreach (ChainedEntry ce in entries)
            {
                LogEntry e = ce.Entry;
                copy.StartRow();
                copy.Write(_node, NpgsqlDbType.Text);
                copy.Write(ce.Seq, NpgsqlDbType.Bigint);
                copy.Write(e.Time.ToUnixTimeMilliseconds(), NpgsqlDbType.Bigint);
                copy.Write(e.RequestId, NpgsqlDbType.Text);
                WriteText(copy, e.Client);
                WriteText(copy, e.Service);
                copy.Write(e.Method, NpgsqlDbType.Text);
                copy.Write(e.Path, NpgsqlDbType.Text);
                copy.Write(e.Status, NpgsqlDbType.Integer);
                copy.Write(e.LatencyMs, NpgsqlDbType.Double);
                copy.Write(e.RequestSha256, NpgsqlDbType.Text);
                copy.Write(e.RequestBytes, NpgsqlDbType.Bigint);
                copy.Write(e.ResponseSha256, NpgsqlDbType.Text);
                copy.Write(e.ResponseBytes, NpgsqlDbType.Bigint);
                copy.Write(ce.PrevHash, NpgsqlDbType.Text);
                copy.Write(ce.Hash, NpgsqlDbType.Text);
                WriteSignature(copy, ce.RequestSignature);
                WriteSignature(copy, ce.ResponseSignature);
            }

            copy.Complete();
        }

        tx.Commit();
    }

    public void AddSeal(NewSeal seal)
    {
        using NpgsqlConnection c = _dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(
            "INSERT INTO message_log.seals (node, seq, entry_hash, sealed_at, kid, public_key, signature, certificate) VALUES (@node, @seq, @hash, @at, @kid, @pk, @sig, @cert)", c);
        cmd.Parameters.AddWithValue("node", _node);
        cmd.Parameters.AddWithValue("seq", seal.Seq);
        cmd.Parameters.AddWithValue("hash", seal.EntryHash);
        cmd.Parameters.AddWithValue("at", seal.SealedAtMs);
        cmd.Parameters.AddWithValue("kid", seal.KeyId);
        cmd.Parameters.AddWithValue("pk", seal.PublicKey);
        cmd.Parameters.AddWithValue("sig", seal.Signature);
        cmd.Parameters.AddWithValue("cert", seal.Certificate);
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<(long Id, long Seq, string Text)> UnstampedSeals(int max)
    {
        using NpgsqlConnection c = _dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(
            "SELECT id, seq, entry_hash, sealed_at, kid FROM message_log.seals WHERE node = @node AND timestamp IS NULL AND certificate IS NOT NULL ORDER BY id DESC LIMIT @max", c);
        cmd.Parameters.AddWithValue("node", _node);
        cmd.Parameters.AddWithValue("max", max);
        using NpgsqlDataReader r = cmd.ExecuteReader();
        var pending = new List<(long, long, string)>();
        while (r.Read())
        {
            pending.Add((r.GetInt64(0), r.GetInt64(1), MessageLogStore.SealText(r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.GetString(4))));
        }

        return pending;
    }

    public void SetTimestamp(long id, byte[] token)
    {
        using NpgsqlConnection c = _dataSource.OpenConnection();
        using var cmd = new NpgsqlCommand("UPDATE message_log.seals SET timestamp = @token WHERE id = @id AND node = @node", c);
        cmd.Parameters.AddWithValue("token", token);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("node", _node);
        cmd.ExecuteNonQuery();
    }

    public void AfterCommit()
    {
        // PostgreSQL checkpoints its own WAL.
    }

    public void Dispose() => _dataSource.Dispose();

    private static void WriteText(NpgsqlBinaryImporter copy, string? value)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, NpgsqlDbType.Text);
        }
    }

    // The text column or the compact one, the other null: as SQLite keeps either in one column.
    private static void WriteSignature(NpgsqlBinaryImporter copy, object? signature)
    {
        WriteText(copy, signature as string);
        if (signature is byte[] compact)
        {
            copy.Write(compact, NpgsqlDbType.Bytea);
        }
        else
        {
            copy.WriteNull();
        }
    }
}
