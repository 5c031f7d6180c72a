using System.Globalization;
using System.Reflection;
using Npgsql;

namespace DeAn06.Gateway.MessageLog.PostgreSql;

/// <summary>
/// Creates and migrates the message log's schema ("message_log") from the versioned scripts embedded in
/// this assembly (MessageLog/PostgreSql/Migrations/NNNN_name.sql), recording each in
/// message_log.schema_version, in one transaction under an advisory lock: gateways starting together
/// apply each script once. The verification service does the same for its own tables.
/// </summary>
internal static class PostgreSqlMessageLogMigrator
{
    // pg_advisory_xact_lock key: a constant unique to this schema ("DeAn06L" in ASCII).
    private const long LockKey = 0x0044_6541_6E30_364C;

    private const string ResourcePrefix = "DeAn06.Gateway.MessageLog.PostgreSql.Migrations.";

    /// <summary>The embedded scripts by version, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = Load();

    /// <summary>Applies the scripts not yet applied; returns how many it applied.</summary>
    public static int Migrate(NpgsqlDataSource dataSource)
    {
        using NpgsqlConnection c = dataSource.OpenConnection();
        using NpgsqlTransaction tx = c.BeginTransaction();
        Execute(c, tx, $"SELECT pg_advisory_xact_lock({LockKey})");
        Execute(c, tx, "CREATE SCHEMA IF NOT EXISTS message_log");
        Execute(c, tx, "CREATE TABLE IF NOT EXISTS message_log.schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        int current;
        using (var max = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM message_log.schema_version", c, tx))
        {
            current = Convert.ToInt32(max.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        int applied = 0;
        foreach (var (version, name, sql) in Scripts.Where(s => s.Version > current))
        {
            Execute(c, tx, sql);
            using var record = new NpgsqlCommand("INSERT INTO message_log.schema_version (version, name) VALUES (@v, @n)", c, tx);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("n", name);
            record.ExecuteNonQuery();
            applied++;
        }

        tx.Commit();
        return applied;
    }

    private static void Execute(NpgsqlConnection c, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx);
        cmd.ExecuteNonQuery();
    }

    private static List<(int, string, string)> Load()
    {
        Assembly assembly = typeof(PostgreSqlMessageLogMigrator).Assembly;
        var scripts = new List<(int, string, string)>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            string name = resource[ResourcePrefix.Length..^4];
            int version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return scripts;
    }
}
