using DeAn06.PostgreSql;
using Npgsql;

namespace DeAn06.Verification.Storage.PostgreSql;

/// <summary>
/// The verification store's schema (public schema), from Storage/PostgreSql/Migrations/NNNN_name.sql,
/// applied by <see cref="VersionedMigrations"/> under an advisory lock of its own.
/// </summary>
internal static class PostgreSqlMigrator
{
    // pg_advisory_xact_lock key: any constant unique to this schema ("DeAn06V" in ASCII).
    private static readonly VersionedMigrations Migrations =
        new(typeof(PostgreSqlMigrator).Assembly, "DeAn06.Verification.Storage.PostgreSql.Migrations.", schema: null, lockKey: 0x0044_6541_6E30_3656);

    /// <summary>The embedded scripts by version, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts => Migrations.Scripts;

    /// <summary>Applies the scripts not yet applied; returns how many it applied.</summary>
    public static Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct) => Migrations.MigrateAsync(dataSource, ct);
}
