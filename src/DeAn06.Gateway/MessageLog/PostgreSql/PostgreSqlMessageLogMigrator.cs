using DeAn06.PostgreSql;
using Npgsql;

namespace DeAn06.Gateway.MessageLog.PostgreSql;

/// <summary>
/// The message log's schema ("message_log"), from MessageLog/PostgreSql/Migrations/NNNN_name.sql,
/// applied by <see cref="VersionedMigrations"/> under an advisory lock of its own: gateways starting
/// together apply each script once. The verification service does the same for its own tables.
/// </summary>
internal static class PostgreSqlMessageLogMigrator
{
    // pg_advisory_xact_lock key: a constant unique to this schema ("DeAn06L" in ASCII).
    private static readonly VersionedMigrations Migrations =
        new(typeof(PostgreSqlMessageLogMigrator).Assembly, "DeAn06.Gateway.MessageLog.PostgreSql.Migrations.", schema: "message_log", lockKey: 0x0044_6541_6E30_364C);

    /// <summary>The embedded scripts by version, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts => Migrations.Scripts;

    /// <summary>Applies the scripts not yet applied; returns how many it applied. Called once while the store opens.</summary>
    public static int Migrate(NpgsqlDataSource dataSource) => Migrations.MigrateAsync(dataSource, CancellationToken.None).GetAwaiter().GetResult();
}
