using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DeAn06.Verification.Storage;

/// <summary>
/// One INSERT prepared once and run for many rows straight through SQLite's C API, with parameters
/// bound by position: what a chunk's thousands of rows cost per row through <see cref="SqliteCommand"/>
/// (a data reader per execution, every parameter looked up by name and converted) is paid once. Values
/// are bound as <see cref="SqliteCommand"/> binds them (integers as INTEGER, floats as REAL, strings as
/// TEXT, null as NULL), so the rows stored are the same. Runs inside the connection's open transaction.
/// </summary>
internal sealed class SqliteRows : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public SqliteRows(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _stmt));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));

    public void Bind(int index, int? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_stmt, index, v) : raw.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, float value) => Check(raw.sqlite3_bind_double(_stmt, index, value));

    public void Bind(int index, string? value) => Check(value is null ? raw.sqlite3_bind_null(_stmt, index) : raw.sqlite3_bind_text(_stmt, index, value));

    /// <summary>Inserts the row bound so far; the bindings are kept for the next row (rebind what changes).</summary>
    public void Insert()
    {
        int rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _stmt.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
