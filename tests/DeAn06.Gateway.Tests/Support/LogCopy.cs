using Microsoft.Data.Sqlite;

namespace DeAn06.Gateway.Tests.Support;

/// <summary>A copy of a message log with one SQL change applied, for tamper tests (the original stays in use).</summary>
internal static class LogCopy
{
    public static string Tampered(string log, string sql)
    {
        string copy = log + "." + Guid.NewGuid().ToString("N") + ".db";
        using (var source = new SqliteConnection($"Data Source={log};Pooling=false"))
        {
            source.Open();
            using SqliteCommand vacuum = source.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{copy}'";
            vacuum.ExecuteNonQuery();
        }

        using var c = new SqliteConnection($"Data Source={copy};Pooling=false");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        Assert.True(cmd.ExecuteNonQuery() > 0, $"the tamper changed nothing: {sql}");
        return copy;
    }
}
