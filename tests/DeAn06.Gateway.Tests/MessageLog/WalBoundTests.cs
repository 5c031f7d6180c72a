using System.Diagnostics;
using System.Diagnostics.Metrics;
using DeAn06.Gateway.MessageLog;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DeAn06.Gateway.Tests.MessageLog;

/// <summary>
/// The SQLite log's WAL under sustained commits: with the checkpointer copying it every second but
/// commits never pausing, SQLite never found a moment to start the WAL again, and it grew by the whole
/// traffic (285 MB in four minutes of a load run). <see cref="MessageLogOptions.WalLimitBytes"/> bounds it.
/// </summary>
public sealed class WalBoundTests : IDisposable
{
    private const long Limit = 256 * 1024;
    private const int Entries = 20_000;
    private const int Callers = 48;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public async Task SustainedCommits_WithTheCheckpointerRunning_KeepTheWalNearItsLimit_AndLoseNothing()
    {
        (string path, MessageLogWriter writer, MessageLogCheckpointer checkpointer) = Log(Limit);
        using var disposeWriter = writer;
        using var disposeCheckpointer = checkpointer;
        await writer.StartAsync(CancellationToken.None);
        await checkpointer.StartAsync(CancellationToken.None);

        string wal = path + "-wal";
        long largest = 0;
        int next = 0;
        var watch = Stopwatch.StartNew();
        Task[] callers = [.. Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= Entries)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"only {i} of {Entries} entries committed in 3 minutes");
                Assert.True(await writer.CommitAsync(Entry(i), TimeSpan.FromSeconds(30)), $"entry {i} was not committed");
                long length = File.Exists(wal) ? new FileInfo(wal).Length : 0;
                InterlockedMax(ref largest, length);
            }
        }))];
        await Task.WhenAll(callers);

        await checkpointer.StopAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        // Without the bound the WAL ends at tens of MB here (its high-water mark: SQLite never shrinks it).
        // With it, the WAL is cut back to the limit each time it starts again; between two checks it
        // can exceed the limit by what a quarter of it and one batch of commits add.
        Assert.True(largest <= 3 * Limit, $"the WAL reached {largest:N0} bytes, limit {Limit:N0}");
        using var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        c.Open();
        using SqliteCommand count = c.CreateCommand();
        count.CommandText = "SELECT COUNT(*), MIN(seq), MAX(seq) FROM message_log";
        using SqliteDataReader r = count.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((Entries, 1L, (long)Entries), (r.GetInt32(0), r.GetInt64(1), r.GetInt64(2)));
        VerifyResult verdict = MessageLogVerifier.Verify(path, new LogTrust());
        Assert.True(verdict.Intact, verdict.Problem);
    }

    [Fact]
    public async Task Checkpointer_CopiesTheWalIntoTheDatabase_WhileTheWriterNeverDoes()
    {
        (string path, MessageLogWriter writer, MessageLogCheckpointer checkpointer) = Log(walLimitBytes: 1L << 30); // the writer's own catch-up never starts
        using var disposeWriter = writer;
        using var disposeCheckpointer = checkpointer;
        await writer.StartAsync(CancellationToken.None);
        long before = new FileInfo(path).Length;
        for (int i = 1; i <= 500; i++)
        {
            Assert.True(await writer.CommitAsync(Entry(i), TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(before, new FileInfo(path).Length); // the writer's connection never checkpoints on its own
        await checkpointer.StartAsync(CancellationToken.None);
        var watch = Stopwatch.StartNew();
        while (new FileInfo(path).Length < before + (500 * 1024))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"the database file is still {new FileInfo(path).Length:N0} bytes after 60 s: the checkpointer did not copy the WAL");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }

        await checkpointer.StopAsync(CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);
    }

    private (string Path, MessageLogWriter Writer, MessageLogCheckpointer Checkpointer) Log(long walLimitBytes)
    {
        string path = Path.Combine(_dir, "log.db");
        IOptions<MessageLogOptions> options = Options.Create(new MessageLogOptions { SqlitePath = path, WalLimitBytes = walLimitBytes, SealInterval = TimeSpan.FromHours(1) });
        return (path, new MessageLogWriter(options, _meters.GetRequiredService<IMeterFactory>(), TimeProvider.System, NullLogger<MessageLogWriter>.Instance),
            new MessageLogCheckpointer(options, TimeProvider.System, NullLogger<MessageLogCheckpointer>.Instance));
    }

    // ~1 KB of signature text per entry, as a signed exchange logs: every commit adds pages.
    private static readonly string Signature = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(768));

    private static LogEntry Entry(int i) => new(TimeProvider.System.GetUtcNow(), $"r{i}", "bhxh", "verify", "POST", "/api/v1/verify", 200, 1.5,
        new string('a', 64), 120, new string('b', 64), 300, Signature, Signature);

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public void Dispose()
    {
        _meters.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a temporary folder: left behind at worst
        }
    }
}
