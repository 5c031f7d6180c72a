using System.Globalization;
using System.Reflection;
using Npgsql;

namespace DeAn06.PostgreSql;

/// <summary>
/// Creates and migrates a schema from versioned scripts embedded in an assembly (<c>NNNN_name.sql</c>
/// under <paramref name="resourcePrefix"/>), recording each in <c>schema_version</c> of
/// <paramref name="schema"/> (or of the search path when null). Everything runs in one transaction
/// under an advisory lock (<paramref name="lockKey"/>, unique per schema), so services starting at once
/// apply each script once: the second waits, then finds nothing left to do. Shared by the verification
/// service's store and the gateway's message log (linked into both, as src/Shared/Cms is); a migration
/// framework (EF Core, FluentMigrator) would be a dependency larger than these forty lines.
/// </summary>
internal sealed class VersionedMigrations(Assembly assembly, string resourcePrefix, string? schema, long lockKey)
{
    private readonly string _versions = schema is null ? "schema_version" : schema + ".schema_version";

    /// <summary>The embedded scripts by version, in order.</summary>
    public IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = Load(assembly, resourcePrefix);

    /// <summary>Applies the scripts not yet applied; returns how many it applied.</summary>
    public async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using NpgsqlConnection c = await dataSource.OpenConnectionAsync(ct);
        await using NpgsqlTransaction tx = await c.BeginTransactionAsync(ct);
        await ExecuteAsync(c, tx, $"SELECT pg_advisory_xact_lock({lockKey.ToString(CultureInfo.InvariantCulture)})", ct);
        if (schema is not null)
        {
            await ExecuteAsync(c, tx, $"CREATE SCHEMA IF NOT EXISTS {schema}", ct);
        }

        await ExecuteAsync(c, tx, $"CREATE TABLE IF NOT EXISTS {_versions} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())", ct);
        int current;
        await using (var max = new NpgsqlCommand($"SELECT COALESCE(max(version), 0) FROM {_versions}", c, tx))
        {
            current = Convert.ToInt32(await max.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        int applied = 0;
        foreach (var (version, name, sql) in Scripts.Where(s => s.Version > current))
        {
            await ExecuteAsync(c, tx, sql, ct);
            await using var record = new NpgsqlCommand($"INSERT INTO {_versions} (version, name) VALUES (@v, @n)", c, tx);
            record.Parameters.AddWithValue("v", version);
            record.Parameters.AddWithValue("n", name);
            await record.ExecuteNonQueryAsync(ct);
            applied++;
        }

        await tx.CommitAsync(ct);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection c, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, c, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static List<(int, string, string)> Load(Assembly assembly, string prefix)
    {
        var scripts = new List<(int, string, string)>();
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            string name = resource[prefix.Length..^4];
            int version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            scripts.Add((version, name, reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return scripts;
    }
}
