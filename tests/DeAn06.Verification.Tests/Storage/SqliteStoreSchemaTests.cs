using DeAn06.Verification.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DeAn06.Verification.Tests.Storage;

/// <summary>A database made before a column was added keeps working: the column is added on open.</summary>
public sealed class SqliteStoreSchemaTests
{
    private readonly string _db = Path.Combine(Path.GetTempPath(), "dean06-tests", Guid.NewGuid().ToString("N"), "verification.db");

    [Fact]
    public async Task Open_DatabaseWithoutNotCompared_ColumnAddedAndKept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_db)!);
        using (var c = new SqliteConnection($"Data Source={_db};Pooling=false"))
        {
            c.Open();
            using SqliteCommand cmd = c.CreateCommand();
            // The jobs table as the first release made it.
            cmd.CommandText = """
                CREATE TABLE jobs (number INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, sector TEXT NOT NULL, province TEXT NOT NULL,
                    policy TEXT NOT NULL, format TEXT NOT NULL, status INTEGER NOT NULL, total INTEGER NOT NULL, rejected INTEGER NOT NULL,
                    processed INTEGER NOT NULL, last_line INTEGER NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, completed_at INTEGER,
                    idempotency_key TEXT, failure TEXT);
                """;
            cmd.ExecuteNonQuery();
        }

        var store = new SqliteStore(Options.Create(new StorageOptions { SqlitePath = _db }), TimeProvider.System);
        JobRecord job = await store.CreateJobAsync("BHXH", "06", "tolerant", "csv", null, CancellationToken.None);
        await store.CompleteUploadAsync(job.Number, 3, 1, ["NgayThangNamSinh", "GioiTinh"], CancellationToken.None);

        JobRecord stored = (await store.GetJobAsync(job.Id, CancellationToken.None))!;
        Assert.Equal(["NgayThangNamSinh", "GioiTinh"], stored.NotCompared);
        Assert.Equal((3L, 1L), (stored.Total, stored.Rejected));
    }
}
