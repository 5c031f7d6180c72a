using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.MessageLog;

/// <summary>
/// Chains and writes log entries: requests enqueue into a bounded channel (waiting, never dropping,
/// when it is full); one writer takes whatever is queued, links each entry to the previous by
/// SHA-256 and commits the lot in one transaction (group commit: entries that arrive while one
/// transaction commits go together into the next), tells each entry's waiter once its transaction
/// has committed (<see cref="CommitAsync"/>: answers wait for that), and seals the chain head with
/// the seal key (<see cref="SealCertificate"/>, not the token key) every <see cref="MessageLogOptions.SealInterval"/>;
/// each seal is then sent to the time-stamping authority, off the writing path, and its token stored
/// with it (a seal the TSA did not answer for is retried at the next seal). Where the chain is kept
/// is the <see cref="IMessageLogStore"/>'s business: an SQLite file, or this node's chain in a shared
/// PostgreSQL database (<see cref="MessageLogOptions.Provider"/>).
/// </summary>
public sealed partial class MessageLogWriter : BackgroundService
{
    private readonly Channel<PendingEntry> _queue;
    private readonly MessageLogOptions _options;
    private readonly SealCertificate? _seal;
    private readonly TimeStampClient? _tsa;
    private readonly SemaphoreSlim _stampingGate = new(1, 1);
    private Task _stamping = Task.CompletedTask;
    private bool _disposed;
    private readonly TimeProvider _time;
    private readonly ILogger<MessageLogWriter> _logger;
    private readonly Lock _writing = new();
    private readonly IMessageLogStore _store;
    private readonly List<PendingEntry> _pending = [];
    private readonly HashSet<string> _storedCertificates = new(StringComparer.Ordinal);
    private readonly HashSet<string> _certificatesInBatch = new(StringComparer.Ordinal);
    private readonly List<(byte[] Sha256, byte[] Der)> _newCertificates = [];
    private readonly List<ChainedEntry> _chained = [];
    private readonly CertificateDigests _certificateDigests = new();
    private readonly System.Buffers.ArrayBufferWriter<byte> _canonical = new(16 * 1024); // each entry's canonical text, UTF-8, to hash
    private long _written;
    private long _seq;
    private string _head = MessageLogStore.Genesis;
    private long _sealedSeq;
    private DateTimeOffset _lastSeal;
    // The writer thread's wait for the queue (see Run): an event that blocks at once (no spinning),
    // set by the channel's continuation.
    private readonly ManualResetEventSlim _queued = new(initialState: false, spinCount: 0);
    private readonly Action _wake;

    public MessageLogWriter(IOptions<MessageLogOptions> options, IMeterFactory meters, TimeProvider time, ILogger<MessageLogWriter> logger)
    {
        // The log's progress on the gateway's meter, published from here so Metrics/ need not read the
        // message log (which records each exchange there). A queue that keeps growing means the log
        // cannot keep up, and requests start waiting for it.
        Meter meter = meters.Create(Metrics.GatewayMetrics.MeterName);
        meter.CreateObservableGauge("dean06_gateway_message_log_queued", () => Queued, description: "Exchanges answered but not yet written to the message log.");
        meter.CreateObservableCounter("dean06_gateway_message_log_written_total", () => Written, description: "Message-log entries committed since start.");

        _options = options.Value;
        if (_options.SealCertificatePath is { } certificate)
        {
            _seal = SealCertificate.Load(certificate, _options.SealKeyPath ?? throw new InvalidOperationException("MessageLog:SealKeyPath is required with MessageLog:SealCertificatePath."));
        }
        else
        {
            LogNotSealed(logger);
        }

        _tsa = _options.TimeStampUrl is { } url && _seal is not null ? new TimeStampClient(url, _options.Requester) : null;
        _time = time;
        _logger = logger;
        _wake = _queued.Set;
        _queue = Channel.CreateBounded<PendingEntry>(new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _store = _options.Provider == MessageLogProvider.PostgreSql
            ? new PostgreSql.PostgreSqlMessageLogStore(_options.ConnectionString!, _options.NodeId!, _options.Requester, time)
            : new SqliteMessageLogStore(_options.SqlitePath, _options.Synchronous, _options.WalLimitBytes);
        (_seq, _head, _sealedSeq) = _store.ReadHead();
        _lastSeal = time.GetUtcNow();
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

    /// <summary>Writes everything queued now and seals the head, with the TSA's token when it answers (tests, shutdown).</summary>
    public async Task FlushAsync(bool seal, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Flush(seal);
        if (seal)
        {
            await StampPendingAsync(ct);
        }
    }

    private void Flush(bool seal)
    {
        lock (_writing)
        {
            WriteQueued();
            if (seal)
            {
                Seal();
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await FlushAsync(seal: true, CancellationToken.None);
    }

    // Every answer waits for the writer, so the writer runs on a thread of its own and blocks on the
    // queue: a thread-pool writer would first have to be scheduled behind the very requests it holds up
    // (one queue hop per commit, which showed at p99 on two busy cores).
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        // The wait for the queue ends at the latest one seal interval after it began, on the injected
        // clock like the "due" decision below. One timer serves every wait until it fires (it was made
        // anew for every commit).
        CancellationTokenSource? interval = null, tick = null;
        try
        {
            Loop();
        }
        finally
        {
            tick?.Dispose();
            interval?.Dispose();
        }

        void Loop()
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (tick is null || tick.IsCancellationRequested)
                    {
                        tick?.Dispose();
                        interval?.Dispose();
                        interval = new CancellationTokenSource(_options.SealInterval, _time);
                        tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, interval.Token);
                    }

                    try
                    {
                        ValueTask<bool> ready = _queue.Reader.WaitToReadAsync(tick.Token);
                        if (!ready.IsCompleted)
                        {
                            // Blocks without spinning: Task.Wait spins before it blocks, and this thread waits
                            // once per commit, which made the spinning ~14 % of the gateway's CPU samples
                            // under load (dotnet-trace) for no gain in latency on busy cores.
                            _queued.Reset();
                            ready.GetAwaiter().UnsafeOnCompleted(_wake);
                            _queued.Wait(CancellationToken.None); // the continuation runs on cancellation too
                        }

#pragma warning disable CA2012 // completed by now: either at once or its continuation woke this thread
                        ready.GetAwaiter().GetResult(); // the seal interval's or the host's cancellation surfaces here
#pragma warning restore CA2012

                        if (_options.GroupCommitWindow > TimeSpan.Zero && _queue.Reader.Count < 256)
                        {
                            // Real time on purpose: a batching window, not part of the log's content.
                            stoppingToken.WaitHandle.WaitOne(_options.GroupCommitWindow);
                        }
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Seal interval passed with nothing new to read.
                    }

                    bool due = _time.GetUtcNow() - _lastSeal >= _options.SealInterval;
                    Flush(due);
                    if (due && _stamping.IsCompleted)
                    {
                        // Off the writing path: a slow TSA must not hold up the log.
                        _stamping = StampPendingAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    LogWriteFailed(_logger, ex);
                    try
                    {
                        Task.Delay(TimeSpan.FromMilliseconds(200), _time, stoppingToken).GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
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
        try
        {
            _store.AfterCommit(); // after the waiters were told: its time is the next batch's, not theirs
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            LogUpkeepFailed(_logger, ex); // the batch is in; upkeep is tried again after the next one
        }
    }

    private void Commit(List<PendingEntry> batch)
    {
        _certificatesInBatch.Clear();
        _newCertificates.Clear();
        _chained.Clear();
        long seq = _seq;
        string head = _head;
        foreach (LogEntry e in batch.Select(p => p.Entry))
        {
            seq++;
            string hash = e.HashChained(seq, head, _canonical);
            _chained.Add(new ChainedEntry(seq, e, head, hash, Stored(e.RequestSignature), Stored(e.ResponseSignature)));
            head = hash;
        }

        try
        {
            _store.Append(_chained, _newCertificates);
        }
        catch (Exception) when (CommittedAnyway(seq, head))
        {
            // The connection broke after the database committed (a PostgreSQL restart can do that): the
            // batch is in, and writing it again would only fail on its own keys.
        }

        (_seq, _head) = (seq, head);
        _storedCertificates.UnionWith(_certificatesInBatch); // only once committed: a rolled-back row is written again
    }

    private bool CommittedAnyway(long seq, string head)
    {
        try
        {
            ChainHead stored = _store.ReadHead();
            return stored.Seq == seq && stored.Hash == head;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
        {
            return false; // still unreachable: the batch is retried
        }
    }

    /// <summary>A signature as the log keeps it: compacted with its certificate stored once, else the text.</summary>
    private object? Stored(string? signature)
    {
        if (signature is null)
        {
            return null;
        }

        if (StoredSignature.Compact(signature, _certificateDigests) is not var (stored, certificate))
        {
            return signature;
        }

        if (!_storedCertificates.Contains(certificate.Key) && _certificatesInBatch.Add(certificate.Key))
        {
            _newCertificates.Add((certificate.Sha256, certificate.Der));
        }

        return stored;
    }

    private void Seal()
    {
        _lastSeal = _time.GetUtcNow();
        if (_seq == _sealedSeq || _seal is null)
        {
            return;
        }

        long at = _lastSeal.ToUnixTimeMilliseconds();
        byte[] signature = _seal.Key.SignData(Encoding.UTF8.GetBytes(MessageLogStore.SealText(_seq, _head, at, _seal.KeyId)), HashAlgorithmName.SHA256);
        _store.AddSeal(new NewSeal(_seq, _head, at, _seal.KeyId, Convert.ToBase64String(_seal.Certificate.PublicKey.ExportSubjectPublicKeyInfo()),
            Convert.ToBase64String(signature), _seal.Certificate.RawData));
        _sealedSeq = _seq;
    }

    /// <summary>
    /// Gets the TSA's token for seals that have none yet (newest first, a few at a time), stopping at the
    /// first failure: the next seal retries. A seal left without a token is reported by the verifier.
    /// </summary>
    private async Task StampPendingAsync(CancellationToken ct)
    {
        if (_tsa is null)
        {
            return;
        }

        await _stampingGate.WaitAsync(ct);
        try
        {
            IReadOnlyList<(long Id, long Seq, string Text)> pending;
            lock (_writing)
            {
                if (_disposed)
                {
                    return; // the host may dispose the writer before it stops it
                }

                pending = _store.UnstampedSeals(20);
            }

            foreach (var (id, seq, text) in pending)
            {
                byte[] token = await _tsa.StampAsync(seq, SHA256.HashData(Encoding.UTF8.GetBytes(text)), ct);
                lock (_writing)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _store.SetTimestamp(id, token);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or CryptographicException or ObjectDisposedException or System.Data.Common.DbException && !ct.IsCancellationRequested)
        {
            LogTimestampFailed(_logger, ex);
        }
        finally
        {
            _stampingGate.Release();
        }
    }

    public override void Dispose()
    {
        lock (_writing)
        {
            _disposed = true;
        }

        _store.Dispose();
        _queued.Dispose();
        _seal?.Dispose();
        _tsa?.Dispose(); // the gate is not disposed: a late StopAsync may still pass through it
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Writing the message log failed; retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "The time-stamping authority did not stamp a seal; it is retried at the next seal")]
    private static partial void LogTimestampFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Bringing the message log's WAL back within MessageLog:WalLimitBytes failed; retrying after a later commit")]
    private static partial void LogUpkeepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The message log is not sealed: set MessageLog:SealCertificatePath and SealKeyPath (keys init writes seal.pem)")]
    private static partial void LogNotSealed(ILogger logger);
}
