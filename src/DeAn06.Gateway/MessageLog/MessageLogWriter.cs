using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using DeAn06.Gateway.Tokens;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Chains and writes log entries: requests enqueue into a bounded channel (waiting, never dropping,
/// when it is full); one writer takes whatever is queued, links each entry to the previous by
/// SHA-256 and commits the lot in one transaction (group commit: entries that arrive while one
/// transaction commits go together into the next), tells each entry's waiter once its transaction
/// has committed (<see cref="CommitAsync"/>: answers wait for that), and seals the chain head with
/// the gateway's ES256 key every <see cref="MessageLogOptions.SealInterval"/>. The writer keeps one
/// connection and one prepared insert for its lifetime: opening the file and checking the schema
/// per commit cost more than the inserts themselves.
/// </summary>
public sealed partial class MessageLogWriter : BackgroundService
{
    private readonly Channel<PendingEntry> _queue;
    private readonly MessageLogOptions _options;
    private readonly SigningKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageLogWriter> _logger;
    private readonly Lock _writing = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _parameters;
    private readonly List<PendingEntry> _pending = [];
    private readonly SqliteCommand _insertCertificate;
    private readonly HashSet<string> _storedCertificates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _certificatesInBatch = new(StringComparer.Ordinal);
    private long _written;
    private long _seq;
    private string _head = MessageLogStore.Genesis;
    private long _sealedSeq;
    private DateTimeOffset _lastSeal;

    public MessageLogWriter(IOptions<MessageLogOptions> options, SigningKeys keys, TimeProvider time, ILogger<MessageLogWriter> logger)
    {
        _options = options.Value;
        _keys = keys;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<PendingEntry>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _connection = MessageLogStore.Open(_options.SqlitePath, create: true, _options.Synchronous);
        SqliteConnection c = _connection;
        using SqliteCommand head = c.CreateCommand();
        head.CommandText = "SELECT seq, entry_hash FROM message_log ORDER BY seq DESC LIMIT 1";
        using (SqliteDataReader r = head.ExecuteReader())
        {
            if (r.Read())
            {
                _seq = r.GetInt64(0);
                _head = r.GetString(1);
            }
        }

        using SqliteCommand seal = c.CreateCommand();
        seal.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM seals";
        _sealedSeq = (long)seal.ExecuteScalar()!;
        _lastSeal = time.GetUtcNow();

        _insert = c.CreateCommand();
        _insert.CommandText = "INSERT INTO message_log (seq, time, request_id, client, service, method, path, status, latency_ms, request_sha256, request_bytes, response_sha256, response_bytes, prev_hash, entry_hash, request_signature, response_signature) " +
            "VALUES ($seq, $time, $rid, $client, $service, $method, $path, $status, $latency, $reqh, $reqb, $resh, $resb, $prev, $hash, $reqsig, $ressig)";
        string[] names = ["$seq", "$time", "$rid", "$client", "$service", "$method", "$path", "$status", "$latency", "$reqh", "$reqb", "$resh", "$resb", "$prev", "$hash", "$reqsig", "$ressig"];
        _parameters = [.. names.Select(n => _insert.Parameters.Add(n, SqliteType.Text))];
        _insert.Prepare();

        _insertCertificate = c.CreateCommand();
        _insertCertificate.CommandText = "INSERT OR IGNORE INTO certificates (sha256, der) VALUES ($sha, $der)";
        _insertCertificate.Parameters.Add("$sha", SqliteType.Blob);
        _insertCertificate.Parameters.Add("$der", SqliteType.Blob);
        _insertCertificate.Prepare();
    }

    /// <summary>Queues an entry without waiting for its commit.</summary>
    public ValueTask EnqueueAsync(LogEntry entry, CancellationToken ct) => _queue.Writer.WriteAsync(new PendingEntry(entry), ct);

    /// <summary>Queues an entry if there is room, without waiting (best effort, when the log is failing anyway).</summary>
    internal bool TryEnqueue(LogEntry entry) => _queue.Writer.TryWrite(new PendingEntry(entry));

    /// <summary>
    /// Queues the entry and waits until the transaction holding it has committed. False when that did
    /// not happen within <paramref name="timeout"/>: the entry is then withdrawn and never written,
    /// unless a transaction holding it is under way, whose outcome is awaited once more for as long
    /// (if even that does not end, the entry may still appear: the log then records more than was
    /// answered, never less).
    /// </summary>
    internal async Task<bool> CommitAsync(LogEntry entry, TimeSpan timeout)
    {
        var pending = new PendingEntry(entry);
        using (var deadline = new CancellationTokenSource(timeout, _time))
        {
            try
            {
                await _queue.Writer.WriteAsync(pending, deadline.Token);
                await pending.Committed.WaitAsync(deadline.Token);
                return true;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                // Not committed in time: withdraw it below.
            }
            catch (ChannelClosedException)
            {
                return false; // the writer has stopped
            }
        }

        if (pending.TryWithdraw())
        {
            return false;
        }

        try
        {
            await pending.Committed.WaitAsync(timeout, _time);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Entries waiting to be written (including a batch being retried).</summary>
    public int Queued => _queue.Reader.Count + _pending.Count;

    /// <summary>Entries committed since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Writes everything queued now and seals the head (tests, shutdown).</summary>
    public Task FlushAsync(bool seal, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_writing)
        {
            WriteQueued();
            if (seal)
            {
                Seal();
            }
        }

        return Task.CompletedTask;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await FlushAsync(seal: true, CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                tick.CancelAfter(_options.SealInterval);
                try
                {
                    await _queue.Reader.WaitToReadAsync(tick.Token);
                    if (_options.GroupCommitWindow > TimeSpan.Zero && _queue.Reader.Count < 256)
                    {
                        // Real time on purpose: a batching window, not part of the log's content.
                        await Task.Delay(_options.GroupCommitWindow, stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Seal interval passed with nothing new to read.
                }

                bool due = _time.GetUtcNow() - _lastSeal >= _options.SealInterval;
                await FlushAsync(due, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWriteFailed(_logger, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, stoppingToken);
            }
        }
    }

    private void WriteQueued()
    {
        // Entries stay in _pending until their transaction commits: a failed write is retried with
        // them, unless their waiter gave up meanwhile (its caller was answered 503, not the logged answer).
        List<PendingEntry> batch = _pending;
        while (batch.Count < 5000 && _queue.Reader.TryRead(out PendingEntry? entry))
        {
            batch.Add(entry);
        }

        batch.RemoveAll(e => !e.TryTake());
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            Commit(batch);
        }
        catch
        {
            batch.ForEach(e => e.RolledBack());
            throw;
        }

        Interlocked.Add(ref _written, batch.Count);
        batch.ForEach(e => e.Commit());
        batch.Clear();
    }

    private void Commit(List<PendingEntry> batch)
    {

        _certificatesInBatch.Clear();
        using SqliteTransaction tx = _connection.BeginTransaction();
        _insert.Transaction = tx;
        _insertCertificate.Transaction = tx;
        SqliteParameter[] p = _parameters;
        long seq = _seq;
        string head = _head;
        foreach (LogEntry e in batch.Select(p => p.Entry))
        {
            seq++;
            string hash = LogEntry.Hash(e.Canonical(seq, head));
            object[] values = [seq, e.Time.ToUnixTimeMilliseconds(), e.RequestId, (object?)e.Client ?? DBNull.Value, (object?)e.Service ?? DBNull.Value, e.Method, e.Path,
                e.Status, e.LatencyMs, e.RequestSha256, e.RequestBytes, e.ResponseSha256, e.ResponseBytes, head, hash,
                Stored(e.RequestSignature), Stored(e.ResponseSignature)];
            for (int i = 0; i < values.Length; i++)
            {
                // Signatures are compact blobs, or text when they cannot be compacted.
                p[i].SqliteType = values[i] is byte[] ? SqliteType.Blob : SqliteType.Text;
                p[i].Value = values[i];
            }

            _insert.ExecuteNonQuery();
            head = hash;
        }

        tx.Commit();
        (_seq, _head) = (seq, head);
        _storedCertificates.UnionWith(_certificatesInBatch); // only once committed: a rolled-back row is written again
    }

    /// <summary>A signature as the log keeps it: compacted with its certificate stored once, else the text.</summary>
    private object Stored(string? signature)
    {
        if (signature is null)
        {
            return DBNull.Value;
        }

        if (StoredSignature.Compact(signature) is not var (stored, hash, certificate))
        {
            return signature;
        }

        string key = Convert.ToHexString(hash);
        if (!_storedCertificates.Contains(key) && _certificatesInBatch.Add(key))
        {
            _insertCertificate.Parameters[0].Value = hash;
            _insertCertificate.Parameters[1].Value = certificate.ToArray();
            _insertCertificate.ExecuteNonQuery();
        }

        return stored;
    }

    private void Seal()
    {
        _lastSeal = _time.GetUtcNow();
        if (_seq == _sealedSeq)
        {
            return;
        }

        long at = _lastSeal.ToUnixTimeMilliseconds();
        var (kid, key) = _keys.CreateCurrentSigner();
        using ECDsa signer = key;
        byte[] signature = signer.SignData(Encoding.UTF8.GetBytes(MessageLogStore.SealText(_seq, _head, at)), HashAlgorithmName.SHA256);
        using SqliteCommand cmd = _connection.CreateCommand();
        cmd.CommandText = "INSERT INTO seals (seq, entry_hash, sealed_at, kid, public_key, signature) VALUES ($seq, $hash, $at, $kid, $pk, $sig)";
        cmd.Parameters.AddWithValue("$seq", _seq);
        cmd.Parameters.AddWithValue("$hash", _head);
        cmd.Parameters.AddWithValue("$at", at.ToString(CultureInfo.InvariantCulture));
        cmd.Parameters.AddWithValue("$kid", kid);
        cmd.Parameters.AddWithValue("$pk", Convert.ToBase64String(signer.ExportSubjectPublicKeyInfo()));
        cmd.Parameters.AddWithValue("$sig", Convert.ToBase64String(signature));
        cmd.ExecuteNonQuery();
        _sealedSeq = _seq;
    }

    public override void Dispose()
    {
        _insert.Dispose();
        _insertCertificate.Dispose();
        _connection.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Writing the message log failed; retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
