using System.Text;
using DeAn06.Verification.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace DeAn06.Verification.Tests.Storage;

public sealed class SqliteStoreErasureTests
{
    private const string FullId = "079123456789";

    private readonly string _db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db");

    /// <summary>
    /// A DELETE whose client disconnects right after the erasure commits: the caller's token is
    /// cancelled from SQLite's commit hook, so it is cancelled exactly between the commit and the
    /// emptying of the write-ahead log.
    /// </summary>
    [Fact]
    public async Task EraseJobAsync_TokenCancelledAfterCommit_NoFullIdLeftInTheLog()
    {
        var store = new SqliteStore(Options.Create(new StorageOptions { SqlitePath = _db }), TimeProvider.System);
        JobRecord job = await store.CreateJobAsync("BHXH", "06", "default", "csv", null, CancellationToken.None);
        await store.AppendAsync(job.Number, [new InputRecord(1, FullId, "Nguyen Van A", "01/01/1990", "Nam", "R-1")], [], CancellationToken.None);
        Assert.True(Contains(_db + "-wal", FullId)); // what the check below would find

        using var clientGone = new CancellationTokenSource();
        HookCommitsOfThePooledConnection(() => clientGone.Cancel());

        await store.EraseJobAsync(job.Number, clientGone.Token);

        Assert.True(clientGone.IsCancellationRequested, "the commit hook did not run on the store's connection");
        Assert.False(Contains(_db + "-wal", FullId), "the write-ahead log still holds the erased record");
        Assert.False(Contains(_db, FullId), "the database file still holds the erased record");
    }

    /// <summary>
    /// The store opens pooled connections; the only one in this database's pool gets a commit hook,
    /// so the store's next connection is the hooked one.
    /// </summary>
    private void HookCommitsOfThePooledConnection(Action onCommit)
    {
        string connectionString = new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(_db), Pooling = true, DefaultTimeout = 60 }.ToString();
        using var c = new SqliteConnection(connectionString);
        c.Open();
        raw.sqlite3_commit_hook(c.Handle, _ =>
        {
            onCommit();
            return 0; // let the commit go ahead
        }, null);
    }

    private static bool Contains(string path, string value)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        f.CopyTo(copy);
        return copy.ToArray().AsSpan().IndexOf(Encoding.ASCII.GetBytes(value)) >= 0;
    }
}
