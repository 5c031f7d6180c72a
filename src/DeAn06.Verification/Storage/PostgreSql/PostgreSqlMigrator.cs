using System.Globalization;
using System.Reflection;
using Npgsql;

namespace DeAn06.Verification.Storage.PostgreSql;

/// <summary>
/// Creates and migrates the schema from the versioned scripts embedded in this assembly
/// (Storage/PostgreSql/Migrations/NNNN_name.sql), recording each in schema_version. Everything runs in
/// one transaction under an advisory lock, so two services starting at once apply each script once:
/// the second waits, then finds nothing left to do.
/// </summary>
internal static class PostgreSqlMigrator
{
    // pg_advisory_xact_lock key: any constant unique to this schema ("DeAn06V" in ASCII).
    private const long LockKey = 0x0044_6541_6E30_3656;

    private const string ResourcePrefix = "DeAn06.Verification.Storage.PostgreSql.Migrations.";

    /// <summary>The embedded scripts by version, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = Load();

    /// <summary>Applies the scripts not yet applied; returns how many it applied.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using NpgsqlConnection c = await dataSource.OpenConnectionAsync(ct);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", c, tx))
        {
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        await using (var table = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", c, tx))
        {
            await table.ExecuteNonQueryAsync(ct);
        }

        int current;
        await using (var max = new NpgsqlCommand("SELECT COALESCE(max(version), 0) FROM schema_version", c, tx))
        {
            current = Convert.ToInt32(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        int applied = 0;
        foreach (var (version, name, sql) in Scripts.Where(s => s.Version > current))
        {
            await using (var script = new NpgsqlCommand(sql, c, tx))
            {
                await script.ExecuteNonQueryAsync(ct);
            }

            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, name) VALUES (@v, @n)", c, tx);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("n", name);
            await record.ExecuteNonQueryAsync(ct);
            applied++;
        }

        await tx.CommitAsync(ct);
        return applied;
    }

    private static List<(int, string, string)> Load()
    {
        Assembly assembly = typeof(PostgreSqlMigrator).Assembly;
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
